package dev.threadline.worker.run;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import com.rabbitmq.client.Channel;
import dev.threadline.common.broker.AmqpJson;
import dev.threadline.model.Topology;
import dev.threadline.model.run.RunRequest;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.ChannelProxy;
import org.springframework.amqp.rabbit.listener.AbstractMessageListenerContainer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code threadline.runs} with manual acknowledgement. Each request runs on its own virtual
 * thread, and is acknowledged only when its run has ended, so the prefetch bounds the runs in flight and
 * a worker that dies mid-run leaves its requests to be redelivered. Unreadable requests are rejected
 * to the dead-letter queue, never requeued in a loop. On shutdown it stops claiming runs and waits for
 * those streaming to finish.
 */
@Component
class RunListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunListener.class);

    private final RunExecutor executor;
    private final AmqpJson json;
    private final RunProperties properties;
    private final ExecutorService runThreads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("run-", 0).factory());
    private final Phaser inFlight = new Phaser(1);
    private volatile boolean running;

    private final ObservationRegistry observations;

    RunListener(RunExecutor executor, AmqpJson json, RunProperties properties,
            ObjectProvider<ObservationRegistry> observations) {
        this.executor = executor;
        this.json = json;
        this.properties = properties;
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
    }

    @RabbitListener(id = "runs", queues = Topology.RUNS_QUEUE, ackMode = "MANUAL")
    void onRunRequest(Message message, Channel consumerChannel) throws IOException {
        // the delivery belongs to this physical channel; a proxy whose channel broke would ack on a new one
        Channel channel = consumerChannel instanceof ChannelProxy proxy ? proxy.getTargetChannel() : consumerChannel;
        long tag = message.getMessageProperties().getDeliveryTag();
        RunRequest request;
        try {
            request = json.read(message, RunRequest.class);
        }
        catch (RuntimeException unreadable) {
            log.error("Dead-lettering an unreadable run request: {}", unreadable.getMessage());
            channel.basicReject(tag, false);
            return;
        }
        inFlight.register();
        Observation delivery = observations.getCurrentObservation();
        runThreads.execute(() -> {
            try {
                Observation run = Observation.createNotStarted(RunMeters.RUN_OBSERVATION, observations)
                        .contextualName("run " + request.assistant())
                        .lowCardinalityKeyValue("assistant", request.assistant())
                        .highCardinalityKeyValue("thread.id", request.threadId())
                        .highCardinalityKeyValue("run.id", request.runId());
                if (delivery != null) {
                    run.parentObservation(delivery);
                }
                settle(channel, tag, run.observe(() -> execute(request)));
            }
            finally {
                inFlight.arriveAndDeregister();
            }
        });
    }

    /**
     * A run whose turn could not even be looked up (the store did not answer) goes back to the queue after a
     * pause, instead of staying unacknowledged on this channel or coming straight back in a tight loop.
     */
    private Outcome execute(RunRequest request) {
        try {
            return executor.execute(request);
        }
        catch (RuntimeException ex) {
            log.warn("Run request {} could not be handled ({}); handing it back in {}", request.runId(),
                    ex.getMessage(), properties.requeueDelay());
            LockSupport.parkNanos(properties.requeueDelay().toNanos());
            return Outcome.REQUEUE;
        }
    }

    private static void settle(Channel channel, long tag, Outcome outcome) {
        try {
            switch (outcome) {
                case ACK -> channel.basicAck(tag, false);
                case DEAD_LETTER -> channel.basicReject(tag, false);
                case REQUEUE -> channel.basicNack(tag, false, true);
            }
        }
        catch (IOException | RuntimeException ex) {
            log.warn("Could not settle delivery {} ({}): {}; the broker will redeliver it", tag, outcome,
                    ex.getMessage());
        }
    }

    @Override
    public void start() {
        running = true;
    }

    /** Runs before the listener containers stop (higher phase), so in-flight runs can still be acknowledged. */
    @Override
    public void stop() {
        executor.drain();
        Duration grace = properties.shutdownGrace();
        log.info("Draining: waiting up to {} for in-flight runs", grace);
        try {
            inFlight.awaitAdvanceInterruptibly(inFlight.arrive(), grace.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            log.warn("{} runs still in flight at {}; their requests go back to the queue",
                    inFlight.getRegisteredParties(), Instant.now());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return AbstractMessageListenerContainer.DEFAULT_PHASE + 1;
    }
}

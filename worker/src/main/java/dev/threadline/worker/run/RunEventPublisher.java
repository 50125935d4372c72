package dev.threadline.worker.run;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import com.rabbitmq.client.AMQP;
import dev.threadline.common.broker.AmqpJson;
import dev.threadline.model.Topology;
import dev.threadline.model.event.ThreadEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Publishes thread events to {@code threadline.events} with routing key {@code thread.<threadId>}, and
 * keeps each until the broker confirms it. RabbitMQ keeps order only within a channel, so every thread's
 * events go through one of a few {@link ConfirmedLane lanes} chosen by thread id: a run's events arrive
 * in {@code seq} order, and a run's end before the next run's start. The caller publishes on its own
 * thread (a token's event costs a socket write, not a hand-off); when the broker is away, the event waits
 * in its lane and goes out, in order, once the broker is back. The returned future completes when the
 * broker has the event.
 */
@Component
class RunEventPublisher implements DisposableBean {

    private static final int LANES = 8;

    private final AmqpJson json;
    private final MessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();
    private final ScheduledExecutorService recovery = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("event-republisher").daemon().factory());
    private final ConfirmedLane[] lanes = new ConfirmedLane[LANES];

    RunEventPublisher(ConnectionFactory connectionFactory, AmqpJson json, RunProperties runProperties,
            MeterRegistry registry) {
        this.json = json;
        for (int i = 0; i < LANES; i++) {
            lanes[i] = new ConfirmedLane(() -> connectionFactory.createConnection().createChannel(false),
                    recovery, runProperties.republishInterval(), runProperties.maxUnconfirmedEvents());
        }
        Gauge.builder("threadline.events.unconfirmed", lanes,
                all -> Arrays.stream(all).mapToInt(ConfirmedLane::unconfirmed).sum())
                .description("Events published by this worker that the broker has not confirmed yet")
                .register(registry);
    }

    CompletableFuture<Void> publish(ThreadEvent event) {
        Message message = json.event(event);
        AMQP.BasicProperties basic = properties.fromMessageProperties(message.getMessageProperties(), "UTF-8");
        CompletableFuture<Void> confirmed = new CompletableFuture<>();
        lanes[Math.floorMod(event.threadId().hashCode(), LANES)].publish(new ConfirmedLane.OutgoingEvent(
                Topology.threadRoutingKey(event.threadId()), basic, message.getBody(), confirmed));
        return confirmed;
    }

    @Override
    public void destroy() {
        recovery.shutdownNow();
        Arrays.stream(lanes).forEach(ConfirmedLane::close);
    }
}

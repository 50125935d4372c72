package dev.threadline.gateway.dispatch;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.threadline.model.Topology;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * How many run requests wait in {@code threadline.runs} that no worker has taken yet — every worker is at its
 * {@code WORKER_MAX_RUNS} — sampled from the broker every {@code threadline.dispatch.backlog-sample-interval}, so
 * a send does not pay a broker round trip for it. A new run queues behind them: {@code run.queued.position}
 * counts them. Zero while the broker cannot be asked.
 */
@Component
public class RunBacklog implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunBacklog.class);

    private final AmqpAdmin admin;
    private final Duration interval;
    private volatile @Nullable ScheduledExecutorService sampler;
    private volatile int waiting;

    RunBacklog(AmqpAdmin admin, DispatchProperties properties) {
        this.admin = admin;
        this.interval = properties.backlogSampleInterval();
    }

    /** The run requests waiting for a worker at the last sample. */
    public int waiting() {
        return waiting;
    }

    private void sample() {
        try {
            QueueInformation queue = admin.getQueueInfo(Topology.RUNS_QUEUE);
            waiting = queue == null ? 0 : (int) Math.min(Integer.MAX_VALUE, queue.getMessageCount());
        }
        catch (RuntimeException unreachable) {
            waiting = 0;
            log.debug("Run backlog not sampled: {}", unreachable.getMessage());
        }
    }

    /** Samples once the context is refreshed: never a broker connection from here while beans are being created. */
    @Override
    public void start() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("run-backlog").daemon().factory());
        scheduler.scheduleWithFixedDelay(this::sample, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        sampler = scheduler;
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler = sampler;
        sampler = null;
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return sampler != null;
    }
}

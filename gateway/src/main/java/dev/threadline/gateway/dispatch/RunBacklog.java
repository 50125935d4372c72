package dev.threadline.gateway.dispatch;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.threadline.model.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * How many run requests wait in {@code threadline.runs} that no worker has taken yet — every worker is at its
 * {@code WORKER_MAX_RUNS} — sampled from the broker every {@code threadline.dispatch.backlog-sample-interval}, so
 * a send does not pay a broker round trip for it. A new run queues behind them: {@code run.queued.position}
 * counts them. Zero while the broker cannot be asked.
 */
@Component
public class RunBacklog implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RunBacklog.class);

    private final AmqpAdmin admin;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("run-backlog").daemon().factory());
    private volatile int waiting;

    RunBacklog(AmqpAdmin admin, DispatchProperties properties) {
        this.admin = admin;
        long every = properties.backlogSampleInterval().toMillis();
        sampler.scheduleWithFixedDelay(this::sample, 0, every, TimeUnit.MILLISECONDS);
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

    @Override
    public void destroy() {
        sampler.shutdownNow();
    }
}

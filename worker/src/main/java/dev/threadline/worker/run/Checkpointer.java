package dev.threadline.worker.run;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.threadline.common.run.RunLifecycle;
import dev.threadline.model.run.Run;
import dev.threadline.worker.model.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * While an answer streams: saves the text published so far and renews the run's lease every
 * {@code checkpointInterval}, and stops the run when the lease was lost or a cancel was requested in the
 * store (a cancel this worker missed on the control exchange).
 */
@Component
class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final RunLifecycle lifecycle;
    private final WorkerIdentity worker;
    private final ScheduledExecutorService timer;
    private final RunProperties properties;

    Checkpointer(RunLifecycle lifecycle, WorkerIdentity worker, ScheduledExecutorService runTimer,
            RunProperties properties) {
        this.lifecycle = lifecycle;
        this.worker = worker;
        this.timer = runTimer;
        this.properties = properties;
    }

    /** Starts checkpointing the attempt; closing the result stops it. A slow store never stacks up writes. */
    Checkpoints start(Run run, RunEvents events, Cancellation cancellation) {
        AtomicBoolean writing = new AtomicBoolean();
        long period = properties.checkpointInterval().toMillis();
        ScheduledFuture<?> schedule = timer.scheduleAtFixedRate(() -> {
            if (writing.compareAndSet(false, true)) {
                Thread.startVirtualThread(() -> {
                    try {
                        checkpoint(run, events, cancellation);
                    }
                    finally {
                        writing.set(false);
                    }
                });
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return () -> schedule.cancel(false);
    }

    private void checkpoint(Run run, RunEvents events, Cancellation cancellation) {
        try {
            RunEvents.Snapshot snapshot = events.snapshot();
            lifecycle.checkpoint(run, snapshot.content(), snapshot.lastSeq());
            if (lifecycle.renewOrStop(run, worker.id(), properties.lease())) {
                cancellation.cancel();
            }
        }
        catch (RuntimeException ex) {
            log.warn("Checkpoint of run {} failed: {}", run.id(), ex.getMessage());
        }
    }

    /** The checkpoints of one attempt. */
    interface Checkpoints extends AutoCloseable {

        @Override
        void close();
    }
}

package dev.threadline.worker.run;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.threadline.common.run.RunLifecycle;
import dev.threadline.model.run.Run;
import dev.threadline.worker.model.Cancellation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * While an answer streams: saves the text published so far every {@code checkpointInterval} (a resuming
 * reader waits for two checkpoints, so they stay a second apart whatever the load), renews the run's lease
 * once a third of it has passed, and stops the run when the lease was lost or a cancel was requested in the
 * store (a cancel this worker missed on the control exchange). A renewal at every checkpoint made two store
 * writes per run per second, a fifth of the worker's CPU under load.
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
        AtomicLong renewedNanos = new AtomicLong(System.nanoTime());
        long period = properties.checkpointInterval().toMillis();
        ScheduledFuture<?> schedule = timer.scheduleAtFixedRate(() -> {
            if (writing.compareAndSet(false, true)) {
                Thread.startVirtualThread(() -> {
                    try {
                        checkpoint(run, events, cancellation, renewedNanos);
                    }
                    finally {
                        writing.set(false);
                    }
                });
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return () -> schedule.cancel(false);
    }

    private void checkpoint(Run run, RunEvents events, Cancellation cancellation, AtomicLong renewedNanos) {
        try {
            RunEvents.Snapshot snapshot = events.snapshot();
            lifecycle.checkpoint(run, snapshot.content(), snapshot.lastSeq());
            long now = System.nanoTime();
            if (now - renewedNanos.get() >= properties.lease().toNanos() / 3) {
                renewedNanos.set(now);
                if (lifecycle.renewOrStop(run, worker.id(), properties.lease())) {
                    cancellation.cancel();
                }
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

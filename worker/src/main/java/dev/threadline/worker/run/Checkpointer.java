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
 * While an answer streams: saves the text published so far every {@code checkpointInterval} (when it grew;
 * less often while the worker streams many answers, see {@link RunProperties#checkpointIntervalNanos}),
 * renews the run's lease once a third of it has passed, and stops the run when the lease was lost or a
 * cancel was requested in the store (a cancel this worker missed on the control exchange). Two store writes
 * per run per second were a fifth of the worker's CPU under load; this is about one.
 */
@Component
class Checkpointer {

    private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

    private final RunLifecycle lifecycle;
    private final WorkerIdentity worker;
    private final ScheduledExecutorService timer;
    private final RunProperties properties;
    private final ActiveRuns active;

    Checkpointer(RunLifecycle lifecycle, WorkerIdentity worker, ScheduledExecutorService runTimer,
            RunProperties properties, ActiveRuns active) {
        this.active = active;
        this.lifecycle = lifecycle;
        this.worker = worker;
        this.timer = runTimer;
        this.properties = properties;
    }

    /** Starts checkpointing the attempt; closing the result stops it. A slow store never stacks up writes. */
    Checkpoints start(Run run, RunEvents events, Cancellation cancellation) {
        AtomicBoolean writing = new AtomicBoolean();
        Progress progress = new Progress(System.nanoTime());
        long period = properties.checkpointInterval().toMillis();
        ScheduledFuture<?> schedule = timer.scheduleAtFixedRate(() -> {
            if (writing.compareAndSet(false, true)) {
                Thread.startVirtualThread(() -> {
                    try {
                        checkpoint(run, events, cancellation, progress);
                    }
                    finally {
                        writing.set(false);
                    }
                });
            }
        }, period, period, TimeUnit.MILLISECONDS);
        return () -> schedule.cancel(false);
    }

    private void checkpoint(Run run, RunEvents events, Cancellation cancellation, Progress progress) {
        try {
            long now = System.nanoTime();
            RunEvents.Snapshot snapshot = events.snapshot();
            if (snapshot.lastSeq() > progress.savedSeq
                    && now - progress.savedNanos >= properties.checkpointIntervalNanos(active.size()) * 9 / 10) {
                lifecycle.checkpoint(run, snapshot.content(), snapshot.lastSeq());
                progress.savedSeq = snapshot.lastSeq();
                progress.savedNanos = now;
            }
            if (now - progress.renewedNanos >= properties.lease().toNanos() / 3) {
                progress.renewedNanos = now;
                if (lifecycle.renewOrStop(run, worker.id(), properties.lease())) {
                    cancellation.cancel();
                }
            }
        }
        catch (RuntimeException ex) {
            log.warn("Checkpoint of run {} failed: {}", run.id(), ex.getMessage());
        }
    }

    /** What one attempt's checkpoints have done: the last {@code seq} saved and when the lease was last renewed. */
    private static final class Progress {

        private volatile long savedSeq;
        private volatile long savedNanos;
        private volatile long renewedNanos;

        Progress(long startedNanos) {
            this.savedNanos = startedNanos;
            this.renewedNanos = startedNanos;
        }
    }

    /** The checkpoints of one attempt. */
    interface Checkpoints extends AutoCloseable {

        @Override
        void close();
    }
}

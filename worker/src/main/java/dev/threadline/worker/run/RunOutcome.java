package dev.threadline.worker.run;

import dev.threadline.model.event.RunError;
import dev.threadline.model.usage.Usage;
import dev.threadline.model.run.RunStatus;
import org.jspecify.annotations.Nullable;

/**
 * How an attempt of a run ended: its status, the error of a failed run, the answer as published, the
 * tokens used and when the answer started and its first token came.
 */
record RunOutcome(RunStatus status, @Nullable RunError error, RunEvents.Snapshot answer, Usage usage, Timings timings) {

    private static final Usage NO_USAGE = new Usage(0, 0);

    RunOutcome {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("A run ends as completed, failed or cancelled, not " + status);
        }
        if ((status == RunStatus.FAILED) != (error != null)) {
            throw new IllegalArgumentException("A failed run, and only a failed one, carries an error");
        }
    }

    static RunOutcome completed(RunEvents.Snapshot answer, Usage usage, Timings timings) {
        return new RunOutcome(RunStatus.COMPLETED, null, answer, usage, timings);
    }

    /** The tokens of a failed or cancelled run are not recorded with its answer. */
    static RunOutcome failed(RunError error, RunEvents.Snapshot answer, Timings timings) {
        return new RunOutcome(RunStatus.FAILED, error, answer, NO_USAGE, timings);
    }

    static RunOutcome cancelled(RunEvents.Snapshot answer, Timings timings) {
        return new RunOutcome(RunStatus.CANCELLED, null, answer, NO_USAGE, timings);
    }

    /**
     * {@link System#nanoTime()} when the model was called and when its first token came; 0 for a moment not
     * reached (a run that ended before the model call has no duration).
     */
    record Timings(long startedNanos, long firstTokenNanos) {

        static final Timings NONE = new Timings(0, 0);
    }
}

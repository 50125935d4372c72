package dev.threadline.worker.run;

import java.util.Map;

import dev.threadline.common.usage.ModelTokens;
import dev.threadline.model.event.RunError;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.usage.ContextUsage;
import dev.threadline.model.usage.Usage;
import dev.threadline.worker.assistant.RunSession;
import org.jspecify.annotations.Nullable;

/**
 * How an attempt of a run ended: its status, the error of a failed run, the answer as published, what its
 * model calls spent (whatever the status) and when the answer started and its first token came.
 */
record RunOutcome(RunStatus status, @Nullable RunError error, RunEvents.Snapshot answer, Spent spent, Timings timings) {

    RunOutcome {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException("A run ends as completed, failed or cancelled, not " + status);
        }
        if ((status == RunStatus.FAILED) != (error != null)) {
            throw new IllegalArgumentException("A failed run, and only a failed one, carries an error");
        }
    }

    static RunOutcome completed(RunEvents.Snapshot answer, Spent spent, Timings timings) {
        return new RunOutcome(RunStatus.COMPLETED, null, answer, spent, timings);
    }

    static RunOutcome completed(RunEvents.Snapshot answer, Usage usage, Timings timings) {
        return completed(answer, new Spent(usage, Map.of(), null), timings);
    }

    static RunOutcome failed(RunError error, RunEvents.Snapshot answer, Spent spent, Timings timings) {
        return new RunOutcome(RunStatus.FAILED, error, answer, spent, timings);
    }

    /** A run that failed before any model call. */
    static RunOutcome failed(RunError error, RunEvents.Snapshot answer, Timings timings) {
        return failed(error, answer, Spent.NONE, timings);
    }

    static RunOutcome cancelled(RunEvents.Snapshot answer, Spent spent, Timings timings) {
        return new RunOutcome(RunStatus.CANCELLED, null, answer, spent, timings);
    }

    /** A run cancelled before any model call. */
    static RunOutcome cancelled(RunEvents.Snapshot answer, Timings timings) {
        return cancelled(answer, Spent.NONE, timings);
    }

    Usage usage() {
        return spent.usage();
    }

    /**
     * What the model calls of the attempt spent: the run's usage, the same tokens by model for the usage
     * ledger, and the context of the answering assistant's last request (null before any model call).
     */
    record Spent(Usage usage, Map<String, ModelTokens> byModel, @Nullable ContextUsage context) {

        static final Spent NONE = new Spent(Usage.NONE, Map.of(), null);

        Spent {
            byModel = Map.copyOf(byModel);
        }

        static Spent of(RunSession session) {
            return new Spent(session.usage(), session.byModel(), session.contextUsage());
        }
    }

    /**
     * {@link System#nanoTime()} when the model was called and when its first token came; 0 for a moment not
     * reached (a run that ended before the model call has no duration).
     */
    record Timings(long startedNanos, long firstTokenNanos) {

        static final Timings NONE = new Timings(0, 0);
    }
}

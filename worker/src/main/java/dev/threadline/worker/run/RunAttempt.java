package dev.threadline.worker.run;

import java.util.concurrent.CompletableFuture;

import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import org.jspecify.annotations.Nullable;

/**
 * One attempt of a run as claimed: the run, its events, and its answer message being started in the
 * store (completed with null when the run ends before its answer was started).
 */
record RunAttempt(Run run, RunEvents events, CompletableFuture<@Nullable Message> answer) {

    private static final CompletableFuture<@Nullable Message> NO_ANSWER = CompletableFuture.completedFuture(null);

    static RunAttempt unanswered(Run run, RunEvents events) {
        return new RunAttempt(run, events, NO_ANSWER);
    }
}

package dev.threadline.model.run;

import java.time.Instant;

import dev.threadline.model.event.RunError;
import org.jspecify.annotations.Nullable;

/**
 * The state of one run, stored in the {@value #COLLECTION} collection. The gateway inserts it as
 * {@code QUEUED}; a worker claims it with a lease (single-document atomic update), so a run executes
 * once at a time, runs of a thread execute in {@code order}, and a dead worker's run is taken over as a
 * new attempt once its lease has expired. {@code cancelRequested} lets a worker see a cancel it missed
 * on the control exchange; {@code announced} says the run's terminal event has been published, so the
 * thread's next run never starts streaming before its predecessor's end reached subscribers; until it
 * is, {@code terminalSeq} and {@code error} let any worker publish the end again if the one that ended
 * the run died first. {@code approval} is the tool call a run {@code AWAITING_APPROVAL} waits on (PROTOCOL.md §13).
 */
public record Run(
        String id,
        String threadId,
        String userId,
        long order,
        RunStatus status,
        int attempt,
        String userMessageId,
        String assistantMessageId,
        String assistant,
        @Nullable String model,
        @Nullable Double temperature,
        @Nullable String leaseOwner,
        @Nullable Instant leaseUntil,
        boolean cancelRequested,
        boolean announced,
        Instant createdAt,
        @Nullable Instant endedAt,
        long terminalSeq,
        @Nullable RunError error,
        @Nullable PendingApproval approval) {

    public static final String COLLECTION = "runs";

    public static Run queued(String id, String threadId, String userId, long order, String userMessageId,
            String assistantMessageId, String assistant, @Nullable String model, @Nullable Double temperature,
            Instant now) {
        return new Run(id, threadId, userId, order, RunStatus.QUEUED, 0, userMessageId, assistantMessageId, assistant,
                model, temperature, null, null, false, false, now, null, 0, null, null);
    }

    public RunRequest toRequest() {
        return new RunRequest(id, threadId, userId, userMessageId, assistantMessageId, assistant, model, temperature,
                createdAt, order);
    }
}

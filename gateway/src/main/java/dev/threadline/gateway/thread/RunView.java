package dev.threadline.gateway.thread;

import java.time.Instant;
import java.util.Map;

import dev.threadline.model.run.ApprovalDecision;
import dev.threadline.model.run.PendingApproval;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import org.jspecify.annotations.Nullable;

/**
 * A run as clients see it ({@code GET /api/threads/{id}/runs/{runId}}): a client that reconnects while a run
 * {@code awaiting_approval} finds here what it waits on.
 */
record RunView(String id, String threadId, RunStatus status, String assistant, int attempt, String messageId,
        Instant createdAt, @Nullable Instant endedAt, @Nullable Approval approval) {

    static RunView of(Run run) {
        PendingApproval pending = run.approval();
        return new RunView(run.id(), run.threadId(), run.status(), run.assistant(), run.attempt(),
                run.assistantMessageId(), run.createdAt(), run.endedAt(), pending == null ? null
                        : new Approval(pending.callId(), pending.assistant(), pending.tool(), pending.arguments(),
                                pending.requestedAt(), pending.expiresAt(), pending.decision()));
    }

    /** The call the run waits on (or waited on, once decided). */
    record Approval(String callId, String assistant, String tool, Map<String, Object> arguments, Instant requestedAt,
            Instant expiresAt, @Nullable ApprovalDecision decision) {
    }
}

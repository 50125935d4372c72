package dev.threadline.model.run;

import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The tool call a run waits on while {@code awaiting_approval} (PROTOCOL.md §13): what would run, when the wait
 * ends unanswered, the {@code seq} of its {@code tool.approval_requested} event, and, once someone answered (or the
 * wait timed out), the decision. {@code dispatchedAt} is when a request to continue the run was last enqueued.
 */
public record PendingApproval(
        String callId,
        String assistant,
        String tool,
        Map<String, Object> arguments,
        Instant requestedAt,
        Instant expiresAt,
        long seq,
        @Nullable ApprovalDecision decision,
        @Nullable Instant dispatchedAt) {

    public PendingApproval {
        arguments = Map.copyOf(arguments);
    }

    public static PendingApproval requested(String callId, String assistant, String tool, Map<String, Object> arguments,
            Instant requestedAt, Instant expiresAt, long seq) {
        return new PendingApproval(callId, assistant, tool, arguments, requestedAt, expiresAt, seq, null, null);
    }
}

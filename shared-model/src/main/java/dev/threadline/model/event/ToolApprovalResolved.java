package dev.threadline.model.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The {@code tool.approval_resolved} event (PROTOCOL.md §13): who answered; no {@code userId} and {@code timedOut}
 * when nobody answered in time (a denial).
 */
public record ToolApprovalResolved(String threadId, Instant ts, String runId, Integer attempt, Long seq,
        String callId, boolean approved, @Nullable String userId, @Nullable String reason, @Nullable Boolean timedOut)
        implements RunEvent {
}

package dev.threadline.model.event;

import java.time.Instant;
import java.util.Map;

/** The {@code tool.approval_requested} event (PROTOCOL.md §13): the run waits for a participant's answer until {@code expiresAt}. */
public record ToolApprovalRequested(String threadId, Instant ts, String runId, Integer attempt, Long seq,
        String assistant, String callId, String tool, Map<String, Object> arguments, Instant expiresAt)
        implements RunEvent {
}

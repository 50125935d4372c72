package dev.threadline.model.event;

import java.time.Instant;
import java.util.Map;

/** The {@code tool.call} event. */
public record ToolCalled(String threadId, Instant ts, String runId, Integer attempt, Long seq, String assistant,
        String callId, String tool, Map<String, Object> arguments) implements RunEvent {
}

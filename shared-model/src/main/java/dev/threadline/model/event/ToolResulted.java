package dev.threadline.model.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** The {@code tool.result} event; {@code output} is a string or a JSON object. */
public record ToolResulted(String threadId, Instant ts, String runId, Integer attempt, Long seq, String assistant,
        String callId, String tool, Object output, @Nullable String error) implements RunEvent {
}

package dev.threadline.model.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

public record RunCancelled(String threadId, Instant ts, String runId, @Nullable Integer attempt, @Nullable Long seq,
        @Nullable String messageId) implements RunEvent {
}

package dev.threadline.model.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

public record RunQueued(String threadId, Instant ts, String runId, String messageId, @Nullable Integer position)
        implements ThreadEvent {
}

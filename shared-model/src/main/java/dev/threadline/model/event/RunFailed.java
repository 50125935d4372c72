package dev.threadline.model.event;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

public record RunFailed(String threadId, Instant ts, String runId, @Nullable Integer attempt, @Nullable Long seq,
        RunError error) implements RunEvent {
}

package dev.threadline.model.event;

import java.time.Instant;

public record RunCompleted(String threadId, Instant ts, String runId, Integer attempt, Long seq, String messageId,
        Usage usage, RunMetrics metrics) implements RunEvent {
}

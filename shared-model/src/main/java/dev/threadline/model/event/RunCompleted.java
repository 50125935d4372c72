package dev.threadline.model.event;

import java.time.Instant;

import dev.threadline.model.usage.ContextUsage;
import dev.threadline.model.usage.Usage;
import org.jspecify.annotations.Nullable;

public record RunCompleted(String threadId, Instant ts, String runId, Integer attempt, Long seq, String messageId,
        Usage usage, @Nullable ContextUsage context, RunMetrics metrics) implements RunEvent {
}

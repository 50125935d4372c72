package dev.threadline.model.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** Response metrics of an assistant message (PROTOCOL.md §2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MessageMetrics(
        @Nullable Long timeToFirstTokenMs,
        long durationMs,
        int chars,
        long inputTokens,
        long outputTokens,
        @Nullable Sentiment sentiment) {
}

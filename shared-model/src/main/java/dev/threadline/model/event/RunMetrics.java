package dev.threadline.model.event;

import org.jspecify.annotations.Nullable;

public record RunMetrics(@Nullable Long timeToFirstTokenMs, long durationMs) {
}

package dev.threadline.model.event;

public record Usage(long inputTokens, long outputTokens) {
}

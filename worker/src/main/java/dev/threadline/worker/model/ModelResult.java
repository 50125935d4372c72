package dev.threadline.worker.model;

/** What a finished model call produced: its whole text and the provider's token usage. */
public record ModelResult(String text, long inputTokens, long outputTokens) {
}

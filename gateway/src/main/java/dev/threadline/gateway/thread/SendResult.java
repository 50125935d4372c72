package dev.threadline.gateway.thread;

/** What a send answers: the stored user message and the run it queued. */
public record SendResult(String messageId, String runId) {
}

package dev.threadline.gateway.thread;

/** What a send answers: the stored user message and the run it queued. */
record SendResult(String messageId, String runId) {
}

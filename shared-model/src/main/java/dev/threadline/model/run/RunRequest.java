package dev.threadline.model.run;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What the gateway enqueues on {@code threadline.runs} for every accepted user message. {@code order} is
 * the run's place in its thread, so a worker can check for earlier runs without reading the run first
 * (0 from a gateway that did not send it: the worker reads the run).
 */
public record RunRequest(
        String runId,
        String threadId,
        String userId,
        String messageId,
        String assistantMessageId,
        String assistant,
        @Nullable String model,
        @Nullable Double temperature,
        Instant requestedAt,
        long order) {

    public RunRequest {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(threadId, "threadId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(assistantMessageId, "assistantMessageId");
        Objects.requireNonNull(assistant, "assistant");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}

package dev.threadline.model.run;

import java.time.Instant;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/** What the gateway enqueues on {@code threadline.runs} for every accepted user message. */
public record RunRequest(
        String runId,
        String threadId,
        String userId,
        String messageId,
        String assistantMessageId,
        String assistant,
        @Nullable String model,
        @Nullable Double temperature,
        Instant requestedAt) {

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

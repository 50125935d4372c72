package dev.threadline.model.event;

import java.time.Instant;

import dev.threadline.model.message.Message;
import org.jspecify.annotations.Nullable;

public record MessageCreated(String threadId, Instant ts, Message message, @Nullable String runId,
        @Nullable Integer attempt, @Nullable Long seq) implements RunEvent {

    public static MessageCreated ofUserMessage(Message message, Instant ts) {
        return new MessageCreated(message.threadId(), ts, message, message.runId(), null, null);
    }
}

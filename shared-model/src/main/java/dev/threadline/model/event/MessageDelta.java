package dev.threadline.model.event;

import java.time.Instant;

public record MessageDelta(String threadId, Instant ts, String runId, Integer attempt, Long seq, String messageId,
        String assistant, String delta) implements RunEvent {
}

package dev.threadline.model.event;

import java.time.Instant;

public record Typing(String threadId, Instant ts, String userId) implements ThreadEvent {
}

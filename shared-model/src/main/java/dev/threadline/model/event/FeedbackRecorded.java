package dev.threadline.model.event;

import java.time.Instant;

public record FeedbackRecorded(String threadId, Instant ts, String messageId, String rating) implements ThreadEvent {
}

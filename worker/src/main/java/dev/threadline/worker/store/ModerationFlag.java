package dev.threadline.worker.store;

import java.time.Instant;
import java.util.List;

/** A user message that moderation stopped, kept in the {@value #COLLECTION} collection for review. */
public record ModerationFlag(String id, String runId, String threadId, String userId, String messageId,
        List<String> categories, Instant createdAt) {

    public static final String COLLECTION = "moderations";
}

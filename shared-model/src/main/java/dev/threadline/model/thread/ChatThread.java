package dev.threadline.model.thread;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/**
 * A conversation as stored in the {@value #COLLECTION} collection and returned by the REST API.
 * {@code ownerId} and {@code runCounter} are storage-only: the owner is the token's subject, and the
 * counter orders the thread's runs in the order their messages were accepted.
 */
public record ChatThread(
        String id,
        String title,
        String assistant,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String activeRunId,
        @JsonIgnore String ownerId,
        @JsonIgnore long runCounter) {

    public static final String COLLECTION = "threads";

    public static ChatThread create(String id, String ownerId, String title, String assistant, Instant now) {
        return new ChatThread(id, title, assistant, now, now, null, ownerId, 0);
    }
}

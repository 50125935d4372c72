package dev.threadline.model.thread;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.threadline.model.usage.ContextUsage;
import org.jspecify.annotations.Nullable;

/**
 * A conversation as stored in the {@value #COLLECTION} collection and returned by the REST API.
 * {@code currentLeafId} is the tip of the active branch of its conversation tree (PROTOCOL.md §10): the
 * last message sent, or the answer planned for it, or the leaf a client switched to; null for a thread
 * stored before the tree existed, whose messages read as one branch in the order they were created.
 * {@code ownerId} (JSON {@code owner}) is the subject of the token that created it; {@code members} may read,
 * subscribe and send too (PROTOCOL.md §14); {@code context} is how full the context of its last run was (§12).
 * {@code runCounter} and {@code autoTitle} are storage-only: the counter orders the thread's runs in the order
 * their messages were accepted, and {@code autoTitle} says the title is a placeholder to replace by a generated one after the first answer.
 */
public record ChatThread(
        String id,
        String title,
        String assistant,
        Instant createdAt,
        Instant updatedAt,
        @Nullable String activeRunId,
        @Nullable String currentLeafId,
        boolean pinned,
        boolean archived,
        @Nullable List<String> tags,
        @Nullable List<String> members,
        @Nullable ContextUsage context,
        @JsonProperty("owner") String ownerId,
        @JsonIgnore long runCounter,
        @JsonIgnore boolean autoTitle) {

    public static final String COLLECTION = "threads";

    public ChatThread {
        tags = tags == null ? List.of() : List.copyOf(tags);
        members = members == null ? List.of() : List.copyOf(members);
    }

    public static ChatThread create(String id, String ownerId, String title, boolean autoTitle, String assistant,
            Instant now) {
        return new ChatThread(id, title, assistant, now, now, null, null, false, false, List.of(), List.of(), null,
                ownerId, 0, autoTitle);
    }

    /** Whether the user may read, subscribe to and send on this thread: its owner or one of its members. */
    public boolean isParticipant(String userId) {
        return ownerId.equals(userId) || members.contains(userId);
    }

    public static ChatThread create(String id, String ownerId, String title, String assistant, Instant now) {
        return create(id, ownerId, title, false, assistant, now);
    }
}

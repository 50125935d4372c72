package dev.threadline.model.message;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.model.usage.Usage;
import org.jspecify.annotations.Nullable;

/**
 * A message as stored in the {@value #COLLECTION} collection, returned by the REST API and carried by
 * {@code message.created}. {@code parentId} places it in its thread's conversation tree (PROTOCOL.md §10);
 * {@code siblingIds} is never stored: reads fill it in. {@code clientMessageId} and {@code checkpoint} are
 * storage-only: the first makes a send idempotent, the second counts the checkpoints of an answer being written.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Message(
        String id,
        String threadId,
        @Nullable String parentId,
        Role role,
        String content,
        String author,
        Instant createdAt,
        MessageStatus status,
        @Nullable String runId,
        int attempt,
        long lastSeq,
        @Nullable List<Attachment> attachments,
        @Nullable Feedback feedback,
        @Nullable MessageMetrics metrics,
        @Nullable Usage usage,
        @Nullable List<String> siblingIds,
        @JsonIgnore @Nullable String clientMessageId,
        @JsonIgnore long checkpoint) {

    public static final String COLLECTION = "messages";

    public static Message user(String id, String threadId, @Nullable String parentId, String userId, String content,
            Instant now, String runId, @Nullable List<Attachment> attachments, @Nullable String clientMessageId) {
        return new Message(id, threadId, parentId, Role.USER, content, userId, now, MessageStatus.COMPLETE, runId, 0, 0,
                attachments == null || attachments.isEmpty() ? null : List.copyOf(attachments), null, null, null, null,
                clientMessageId, 0);
    }

    /** A user message of a thread stored before the conversation tree: its place is its creation time. */
    public static Message user(String id, String threadId, String userId, String content, Instant now, String runId,
            @Nullable List<Attachment> attachments, @Nullable String clientMessageId) {
        return user(id, threadId, null, userId, content, now, runId, attachments, clientMessageId);
    }

    public Message withSiblingIds(List<String> ids) {
        return new Message(id, threadId, parentId, role, content, author, createdAt, status, runId, attempt, lastSeq,
                attachments, feedback, metrics, usage, List.copyOf(ids), clientMessageId, checkpoint);
    }
}

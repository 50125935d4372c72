package dev.threadline.gateway.thread;

import java.util.List;

import dev.threadline.model.message.Attachment;
import org.jspecify.annotations.Nullable;

/**
 * The send body of PROTOCOL.md §4, the same on REST and STOMP, with §10's {@code parentId}; checked by
 * {@link MessageSender}.
 */
record SendMessageRequest(@Nullable String content, @Nullable String clientMessageId,
        @Nullable String assistant, @Nullable String model, @Nullable Double temperature,
        @Nullable List<Attachment> attachments, @Nullable String parentId) {
}

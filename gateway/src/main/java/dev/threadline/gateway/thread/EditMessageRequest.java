package dev.threadline.gateway.thread;

import java.util.List;

import dev.threadline.model.message.Attachment;
import org.jspecify.annotations.Nullable;

/** {@code SEND /app/threads/{id}/edit} (PROTOCOL.md §10): the user message edited and a send body. */
record EditMessageRequest(@Nullable String messageId, @Nullable String content, @Nullable String clientMessageId,
        @Nullable String assistant, @Nullable String model, @Nullable Double temperature,
        @Nullable List<Attachment> attachments) {

    SendMessageRequest send() {
        return new SendMessageRequest(content, clientMessageId, assistant, model, temperature, attachments, null);
    }
}

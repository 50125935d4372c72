package dev.threadline.worker.run;

import java.util.List;

import dev.threadline.model.message.Attachment;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.Role;
import dev.threadline.worker.model.ConversationItem;

/** A thread's stored history as the conversation a model sees: user turns with their images, and answers. */
final class ConversationMapper {

    private ConversationMapper() {
    }

    static List<ConversationItem> toItems(List<Message> history) {
        return history.stream().<ConversationItem>map(message -> message.role() == Role.USER
                ? new ConversationItem.UserText(message.content(), imageUrls(message))
                : new ConversationItem.AssistantText(message.content())).toList();
    }

    private static List<String> imageUrls(Message message) {
        return message.attachments() == null ? List.of()
                : message.attachments().stream().filter(a -> "image".equals(a.type())).map(Attachment::url).toList();
    }
}

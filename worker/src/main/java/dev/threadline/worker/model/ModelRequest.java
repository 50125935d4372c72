package dev.threadline.worker.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One streamed model call: system instructions, the conversation (oldest first) and the tools offered. */
public record ModelRequest(String model, String instructions, List<ConversationItem> items,
        @Nullable Double temperature, List<ToolSpec> tools) {

    public ModelRequest {
        items = List.copyOf(items);
        tools = List.copyOf(tools);
    }

    /** The text of the last user turn, or empty. */
    public String lastUserText() {
        for (int i = items.size() - 1; i >= 0; i--) {
            if (items.get(i) instanceof ConversationItem.UserText user) {
                return user.text();
            }
        }
        return "";
    }
}

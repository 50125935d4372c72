package dev.threadline.worker.model;

import java.util.List;

/** One item of the conversation a model sees, oldest first: text turns, and the tool calls of earlier rounds with their outputs. */
public sealed interface ConversationItem {

    record UserText(String text, List<String> imageUrls) implements ConversationItem {

        public UserText {
            imageUrls = imageUrls == null ? List.of() : List.copyOf(imageUrls);
        }

        public UserText(String text) {
            this(text, List.of());
        }
    }

    record AssistantText(String text) implements ConversationItem {
    }

    record ToolCall(String callId, String name, String argumentsJson) implements ConversationItem {
    }

    record ToolOutput(String callId, String output) implements ConversationItem {
    }
}

package dev.threadline.worker.model;

import java.util.List;

/** What one model turn produced: its text, the tool calls it requested (none for a final answer), and token usage. */
public record ModelResult(String text, List<ConversationItem.ToolCall> toolCalls, long inputTokens, long outputTokens) {

    public ModelResult {
        toolCalls = List.copyOf(toolCalls);
    }

    public ModelResult(String text, long inputTokens, long outputTokens) {
        this(text, List.of(), inputTokens, outputTokens);
    }
}

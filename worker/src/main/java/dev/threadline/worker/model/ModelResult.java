package dev.threadline.worker.model;

import java.util.List;

/**
 * What one model turn produced: its text, the tool calls it requested (none for a final answer), and token
 * usage; {@code inputTokens} includes {@code cachedTokens}, the part the provider served from its prompt cache.
 */
public record ModelResult(String text, List<ConversationItem.ToolCall> toolCalls, long inputTokens, long outputTokens,
        long cachedTokens) {

    public ModelResult {
        toolCalls = List.copyOf(toolCalls);
    }

    public ModelResult(String text, List<ConversationItem.ToolCall> toolCalls, long inputTokens, long outputTokens) {
        this(text, toolCalls, inputTokens, outputTokens, 0);
    }

    public ModelResult(String text, long inputTokens, long outputTokens) {
        this(text, List.of(), inputTokens, outputTokens, 0);
    }
}

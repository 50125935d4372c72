package dev.threadline.worker.tool;

/** Whose run a tool call belongs to: tools act only on this user's data. */
public record ToolContext(String userId, String threadId) {
}

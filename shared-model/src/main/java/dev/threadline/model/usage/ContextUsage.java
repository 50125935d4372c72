package dev.threadline.model.usage;

/**
 * How full a thread's context is (PROTOCOL.md §12): the tokens the last run sent to the model, the model's
 * input budget, and how many earlier turns were left out to fit it. On the thread and on {@code run.completed}.
 */
public record ContextUsage(int tokens, int limit, int droppedTurns) {
}

package dev.threadline.worker.assistant;

import org.jspecify.annotations.Nullable;

/** What a run needs to know about the assistant that answers it. */
public record AssistantProfile(String name, @Nullable String model, String instructions, @Nullable Double temperature) {
}

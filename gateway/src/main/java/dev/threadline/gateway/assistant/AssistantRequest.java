package dev.threadline.gateway.assistant;

import java.util.List;
import java.util.Map;

import dev.threadline.model.assistant.ToolSettings;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /api/assistants}: creates the assistant, or updates the one with the same name. */
record AssistantRequest(@Nullable String name, @Nullable String description, @Nullable String model,
        @Nullable String instructions, @Nullable Double temperature, @Nullable List<String> tools,
        @Nullable List<String> delegates, @Nullable Map<String, ToolSettings> toolSettings) {
}

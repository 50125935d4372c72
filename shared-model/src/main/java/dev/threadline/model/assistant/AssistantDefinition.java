package dev.threadline.model.assistant;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * An assistant as stored in the {@value #COLLECTION} collection and returned by {@code GET /api/assistants}
 * (PROTOCOL.md §2). {@code delegates} are the assistants it may consult through {@code ask_<name>} tools;
 * {@code toolSettings} holds settings of some of its {@code tools}, by tool name (§13).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssistantDefinition(
        String id,
        String name,
        String description,
        @Nullable String model,
        String instructions,
        @Nullable Double temperature,
        List<String> tools,
        List<String> delegates,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, ToolSettings> toolSettings,
        Instant createdAt,
        Instant updatedAt) {

    public static final String COLLECTION = "assistants";

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,39}");

    public AssistantDefinition {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("name must be 1-40 characters: lowercase letters, digits, '-' or '_'");
        }
        if (instructions == null || instructions.isBlank()) {
            throw new IllegalArgumentException("instructions must not be blank");
        }
        if (temperature != null && (temperature < 0 || temperature > 2)) {
            throw new IllegalArgumentException("temperature must be between 0 and 2");
        }
        description = description == null ? "" : description;
        tools = tools == null ? List.of() : List.copyOf(tools);
        delegates = delegates == null ? List.of() : List.copyOf(delegates);
        toolSettings = toolSettings == null ? Map.of() : Map.copyOf(toolSettings);
        for (String tool : toolSettings.keySet()) {
            if (!tools.contains(tool)) {
                throw new IllegalArgumentException("toolSettings names '" + tool + "', which is not one of its tools");
            }
        }
        if (delegates.contains(name)) {
            throw new IllegalArgumentException("an assistant cannot delegate to itself");
        }
    }

    /** The settings of one of its tools; empty settings when it has none. */
    public ToolSettings settingsOf(String tool) {
        ToolSettings settings = toolSettings.get(tool);
        return settings == null ? new ToolSettings(null) : settings;
    }

    /** The function-tool name through which other assistants consult this one. */
    public String consultTool() {
        return "ask_" + name;
    }
}

package dev.threadline.model.assistant;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * An assistant's settings for one of its tools (PROTOCOL.md §13). {@code approval}: {@value #ALWAYS} — each call
 * waits for the user's approval; {@value #NEVER} — calls run at once. Unset, the kind of tool decides: tools of
 * MCP servers need approval, built-in tools do not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ToolSettings(@Nullable String approval) {

    public static final String ALWAYS = "always";
    public static final String NEVER = "never";

    public ToolSettings {
        if (approval != null && !ALWAYS.equals(approval) && !NEVER.equals(approval)) {
            throw new IllegalArgumentException("approval must be 'always' or 'never', not '" + approval + "'");
        }
    }
}

package dev.threadline.model.assistant;

import java.util.regex.Pattern;

/**
 * Tool names as the model APIs accept them ({@code ^[a-zA-Z0-9_-]{1,64}$}). A tool of an MCP server is offered
 * as {@code <server>__<tool>} (PROTOCOL.md §13); built-in tools never contain {@code __}.
 */
public final class ToolNames {

    public static final Pattern FUNCTION_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    public static final String MCP_SEPARATOR = "__";

    private ToolNames() {
    }

    /** Whether the name has the shape of an MCP server's tool: a valid function name with a server part and a tool part. */
    public static boolean isMcpTool(String name) {
        int separator = name.indexOf(MCP_SEPARATOR);
        return FUNCTION_NAME.matcher(name).matches() && separator > 0
                && separator + MCP_SEPARATOR.length() < name.length();
    }
}

package dev.threadline.worker.mcp;

import java.util.Map;

import dev.threadline.model.assistant.ToolNames;
import dev.threadline.worker.tool.Tool;
import dev.threadline.worker.tool.ToolContext;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tool of an MCP server, offered as {@code <server>__<tool>}; its calls need approval unless settings say otherwise. */
final class McpTool implements Tool {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_NAME = 64;

    private final String name;
    private final McpSchema.Tool tool;
    private final McpServerConnection server;

    McpTool(String name, McpSchema.Tool tool, McpServerConnection server) {
        this.name = name;
        this.tool = tool;
        this.server = server;
    }

    /** {@code <server>__<tool>} with every character the model APIs refuse replaced by {@code _}, at most 64 long. */
    static String offeredName(String server, String tool) {
        String name = server + ToolNames.MCP_SEPARATOR + tool.replaceAll("[^a-zA-Z0-9_-]", "_");
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        String description = tool.description() != null ? tool.description() : tool.title();
        return description == null ? tool.name() : description;
    }

    @Override
    public Map<String, Object> parameters() {
        return tool.inputSchema();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object execute(ToolContext context, JsonNode arguments) {
        return server.call(tool.name(), JSON.convertValue(arguments, Map.class));
    }

    @Override
    public boolean needsApprovalByDefault() {
        return true;
    }
}

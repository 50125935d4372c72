package dev.threadline.worker.mcp;

import java.util.Map;

import dev.threadline.worker.tool.Tool;
import dev.threadline.worker.tool.ToolContext;
import dev.threadline.worker.tool.ToolException;
import tools.jackson.databind.JsonNode;

/** A call to a tool of an MCP server that is down or not reached yet: it fails saying so. */
record UnavailableMcpTool(String name, String server, String reason) implements Tool {

    @Override
    public String description() {
        return "A tool of the unavailable MCP server '" + server + "'";
    }

    @Override
    public Map<String, Object> parameters() {
        return Map.of("type", "object");
    }

    @Override
    public Object execute(ToolContext context, JsonNode arguments) {
        throw new ToolException("MCP server '" + server + "' is unavailable: " + reason);
    }

    @Override
    public boolean needsApprovalByDefault() {
        return true;
    }
}

package dev.threadline.worker.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code mcp} in the health endpoint: each server {@code UP} with its tool count, {@code DOWN} with its last error,
 * or {@code UNKNOWN} before it was first reached. Always {@code UP} itself: a server that is down fails only its
 * own tools, so it must not take the worker out of service.
 */
@Component("mcpHealthIndicator")
class McpHealthIndicator extends AbstractHealthIndicator {

    private final McpToolCatalog catalog;

    McpHealthIndicator(McpToolCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Object> servers = new LinkedHashMap<>();
        for (McpServerConnection server : catalog.servers()) {
            McpServerConnection.State state = server.state();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", state.status());
            details.put("tools", state.tools().size());
            if (state.error() != null) {
                details.put("error", state.error());
            }
            if (state.checkedAt() != null) {
                details.put("checkedAt", state.checkedAt().toString());
            }
            servers.put(server.name(), details);
        }
        builder.up().withDetail("servers", servers);
    }
}

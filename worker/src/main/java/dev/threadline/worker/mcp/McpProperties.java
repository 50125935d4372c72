package dev.threadline.worker.mcp;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * MCP servers whose tools assistants may use (PROTOCOL.md §13).
 *
 * @param servers {@code MCP_SERVERS}: a JSON list of {@code {"name","url","headers"?}} (or a YAML list)
 * @param connectTimeout how long connecting to a server and its MCP initialization may take
 * @param callTimeout the longest a tool call (or a listing of tools) may take; past it the call fails
 * @param rediscoverInterval how often each server's tools are listed again: a server that was down is found
 *        once it is up, one that went down is reported in the health endpoint
 */
@ConfigurationProperties("threadline.mcp")
public record McpProperties(@DefaultValue List<McpServerSettings> servers,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration callTimeout,
        @DefaultValue("30s") Duration rediscoverInterval) {

    public McpProperties {
        Set<String> names = new HashSet<>();
        for (McpServerSettings server : servers) {
            if (!names.add(server.name())) {
                throw new IllegalArgumentException("MCP_SERVERS names the server '" + server.name() + "' twice");
            }
        }
        for (Duration duration : List.of(connectTimeout, callTimeout, rediscoverInterval)) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("threadline.mcp.* durations must be positive, not " + duration);
            }
        }
        servers = List.copyOf(servers);
    }
}

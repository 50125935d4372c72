package dev.threadline.worker.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.threadline.model.assistant.ToolNames;
import dev.threadline.worker.tool.Tool;
import dev.threadline.worker.tool.ToolSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The tools of every configured MCP server. At start each server's tools are listed in the background (start-up
 * never waits for a server), then again every {@code rediscover-interval} and whenever a server announces a change.
 * The command line makes no connection.
 */
@Component
class McpToolCatalog implements ToolSource, SmartLifecycle {

    private final McpProperties properties;
    private final boolean commandLine;
    private final Map<String, McpServerConnection> servers = new LinkedHashMap<>();
    private @Nullable ScheduledExecutorService discovery;

    McpToolCatalog(McpProperties properties, @Value("${threadline.cli.active:false}") boolean commandLine) {
        this.properties = properties;
        this.commandLine = commandLine;
        for (McpServerSettings server : properties.servers()) {
            servers.put(server.name(), new McpServerConnection(server, properties.connectTimeout(),
                    properties.callTimeout()));
        }
    }

    @Override
    public Optional<Tool> find(String name) {
        McpServerConnection server = serverOf(name);
        return server == null ? Optional.empty() : Optional.ofNullable(server.state().tools().get(name));
    }

    @Override
    public Optional<Tool> unavailable(String name) {
        McpServerConnection server = serverOf(name);
        if (server == null || "UP".equals(server.state().status())) {
            return Optional.empty();
        }
        String error = server.state().error();
        return Optional.of(new UnavailableMcpTool(name, server.name(), error == null ? "not reached yet" : error));
    }

    private @Nullable McpServerConnection serverOf(String toolName) {
        int separator = toolName.indexOf(ToolNames.MCP_SEPARATOR);
        return separator > 0 ? servers.get(toolName.substring(0, separator)) : null;
    }

    /** Each server with its state, in configuration order. */
    List<McpServerConnection> servers() {
        return List.copyOf(servers.values());
    }

    /** Started before and stopped after the run listeners, so runs in progress keep their MCP tools while draining. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    @Override
    public boolean isAutoStartup() {
        return !commandLine;
    }

    @Override
    public synchronized void start() {
        if (servers.isEmpty() || discovery != null) {
            return;
        }
        ScheduledExecutorService executor = Executors.newScheduledThreadPool(servers.size(),
                Thread.ofPlatform().name("mcp-discovery-", 1).daemon().factory());
        long interval = properties.rediscoverInterval().toMillis();
        servers.values().forEach(server -> executor.scheduleWithFixedDelay(server::discover, 0, interval,
                TimeUnit.MILLISECONDS));
        discovery = executor;
    }

    @Override
    public synchronized void stop() {
        if (discovery != null) {
            discovery.shutdownNow();
            discovery = null;
        }
        servers.values().forEach(McpServerConnection::close);
    }

    @Override
    public synchronized boolean isRunning() {
        return discovery != null;
    }
}

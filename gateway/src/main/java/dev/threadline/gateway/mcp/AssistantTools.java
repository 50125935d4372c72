package dev.threadline.gateway.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.threadline.common.assistant.AssistantCatalog;
import dev.threadline.model.assistant.AssistantDefinition;
import io.modelcontextprotocol.server.McpStatelessServerFeatures;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the server's tools equal to the assistant catalog: one {@code ask_<name>} tool per assistant, listed when
 * the gateway starts and again every {@code threadline.mcp-server.tools-refresh}, 5 s (an assistant created or
 * deleted on any gateway shows up, or goes, within that time; a changed description too).
 */
final class AssistantTools implements SmartLifecycle {

    static final String PREFIX = "ask_";
    private static final Logger log = LoggerFactory.getLogger(AssistantTools.class);
    private static final Map<String, Object> INPUT_SCHEMA = Map.of("type", "object",
            "properties", Map.of(
                    "question", Map.of("type", "string", "description", "What to ask the assistant"),
                    "threadId", Map.of("type", "string", "description",
                            "A thread of yours to continue; without it, a new thread is started")),
            "required", List.of("question"));

    private final McpStatelessSyncServer server;
    private final AssistantCatalog catalog;
    private final AskAssistant asker;
    private final McpServerProperties properties;
    private final Map<String, McpSchema.Tool> offered = new ConcurrentHashMap<>();
    private volatile @Nullable ScheduledExecutorService refresher;

    AssistantTools(McpStatelessSyncServer server, AssistantCatalog catalog, AskAssistant asker,
            McpServerProperties properties) {
        this.server = server;
        this.catalog = catalog;
        this.asker = asker;
        this.properties = properties;
    }

    synchronized void refresh() {
        Map<String, McpSchema.Tool> wanted = new LinkedHashMap<>();
        for (AssistantDefinition assistant : catalog.list()) {
            wanted.put(PREFIX + assistant.name(), tool(assistant));
        }
        Set<String> before = Set.copyOf(offered.keySet());
        for (String name : before) {
            if (!wanted.containsKey(name)) {
                server.removeTool(name);
                offered.remove(name);
            }
        }
        wanted.forEach((name, tool) -> {
            McpSchema.Tool current = offered.get(name);
            if (tool.equals(current)) {
                return;
            }
            if (current != null) {
                server.removeTool(name);
            }
            String assistant = name.substring(PREFIX.length());
            server.addTool(new McpStatelessServerFeatures.SyncToolSpecification(tool,
                    (context, request) -> asker.ask(context, assistant, request)));
            offered.put(name, tool);
        });
        if (!before.equals(offered.keySet())) {
            log.info("The MCP server offers {}", new TreeSet<>(offered.keySet()));
        }
    }

    private static McpSchema.Tool tool(AssistantDefinition assistant) {
        String description = "Ask Threadline's " + assistant.name() + " assistant"
                + (assistant.description() == null || assistant.description().isBlank() ? "" : ": "
                        + assistant.description())
                + ". The question and the answer are kept in a thread of yours; pass threadId to continue one.";
        return McpSchema.Tool.builder(PREFIX + assistant.name(), INPUT_SCHEMA).description(description).build();
    }

    private void refreshQuietly() {
        try {
            refresh();
        }
        catch (RuntimeException ex) {
            log.warn("Refreshing the MCP server's tools failed: {}", ex.toString());
        }
    }

    /**
     * Lists the tools before the web server starts; on a fresh install the default assistants are seeded once the
     * application is ready, and the next refresh finds them.
     */
    @Override
    public void start() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("mcp-server-tools").daemon().factory());
        refreshQuietly();
        long period = properties.toolsRefresh().toMillis();
        executor.scheduleWithFixedDelay(this::refreshQuietly, period, period, TimeUnit.MILLISECONDS);
        refresher = executor;
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = refresher;
        if (executor != null) {
            executor.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}

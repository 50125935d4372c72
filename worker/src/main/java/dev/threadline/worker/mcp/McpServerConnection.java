package dev.threadline.worker.mcp;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import dev.threadline.model.assistant.ToolNames;
import dev.threadline.worker.tool.ToolException;
import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * One MCP server through the SDK's client (Streamable HTTP): its tools as last listed — again when it announces a
 * change — and its calls, each bounded by the call timeout. A server that cannot be reached is {@code DOWN} with
 * the error; the client initializes again on its next use, so the server is found once it is up.
 */
final class McpServerConnection implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(McpServerConnection.class);

    private final McpServerSettings settings;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final McpAsyncClient client;
    private volatile State state = new State(Map.of(), null, null);

    McpServerConnection(McpServerSettings settings, Duration connectTimeout, Duration callTimeout) {
        this.settings = settings;
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        settings.headers().forEach((header, value) -> {
            try {
                requests.header(header, value);
            }
            catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("MCP_SERVERS: the header '" + header + "' of server '"
                        + settings.name() + "' cannot be sent (" + ex.getMessage() + ")");
            }
        });
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(settings.url())
                .endpoint(settings.url()).connectTimeout(connectTimeout).requestBuilder(requests).build();
        // the SDK's own timeout applies to every request, the initialization's included: calls are bounded here
        this.client = McpClient.async(transport).requestTimeout(connectTimeout.plus(callTimeout))
                .initializationTimeout(connectTimeout)
                .clientInfo(new McpSchema.Implementation("threadline-worker", "1"))
                .toolsChangeConsumer(tools -> Mono.fromRunnable(() -> listed(tools, "announced a change")))
                .build();
    }

    String name() {
        return settings.name();
    }

    State state() {
        return state;
    }

    /** Lists the server's tools; a failure marks it down and offers none of its tools until it answers again. */
    void discover() {
        try {
            McpSchema.ListToolsResult result = client.listTools().block(connectTimeout.plus(callTimeout));
            listed(result == null ? List.of() : result.tools(), "listed");
        }
        catch (RuntimeException ex) {
            if (interrupted(ex)) {
                Thread.currentThread().interrupt();
                return;
            }
            String error = describe(ex);
            if (state.error() == null || !state.error().equals(error)) {
                log.warn("MCP server '{}' is unavailable: {}", settings.name(), error);
            }
            state = new State(Map.of(), error, Instant.now());
        }
    }

    private void listed(List<McpSchema.Tool> tools, String how) {
        Map<String, McpTool> offered = new LinkedHashMap<>();
        for (McpSchema.Tool tool : tools) {
            String name = McpTool.offeredName(settings.name(), tool.name());
            if (offered.containsKey(name) || !ToolNames.isMcpTool(name)) {
                log.warn("MCP server '{}': tool '{}' is skipped, its name clashes as '{}'", settings.name(), tool.name(),
                        name);
                continue;
            }
            offered.put(name, new McpTool(name, tool, this));
        }
        if (state.error() != null || !state.tools().keySet().equals(offered.keySet())) {
            log.info("MCP server '{}' {} {} tools: {}", settings.name(), how, offered.size(), offered.keySet());
        }
        state = new State(Map.copyOf(offered), null, Instant.now());
    }

    /** Calls a tool; its output is the structured content when there is one, else its text. */
    Object call(String tool, Map<String, Object> arguments) {
        McpSchema.CallToolResult result;
        try {
            result = client.callTool(new McpSchema.CallToolRequest(tool, arguments)).block(callTimeout);
        }
        catch (RuntimeException ex) {
            if (interrupted(ex)) {
                Thread.currentThread().interrupt();
                throw new ToolException("The call to MCP server '" + settings.name() + "' was interrupted", ex);
            }
            throw new ToolException(timedOut(ex) ? "MCP server '" + settings.name() + "' did not answer within "
                    + callTimeout.toMillis() + " ms" : "MCP server '" + settings.name() + "' failed: " + describe(ex), ex);
        }
        if (result == null) {
            throw new ToolException("MCP server '" + settings.name() + "' sent no result");
        }
        if (Boolean.TRUE.equals(result.isError())) {
            String text = text(result);
            throw new ToolException("The tool '" + tool + "' of MCP server '" + settings.name() + "' reported an error"
                    + (text.isBlank() ? "" : ": " + text));
        }
        return result.structuredContent() != null ? result.structuredContent() : text(result);
    }

    private static String text(McpSchema.CallToolResult result) {
        List<String> parts = new ArrayList<>();
        for (McpSchema.Content content : result.content()) {
            if (content instanceof McpSchema.TextContent text) {
                parts.add(text.text());
            }
            else if (content instanceof McpSchema.EmbeddedResource embedded
                    && embedded.resource() instanceof McpSchema.TextResourceContents resource) {
                parts.add(resource.text());
            }
            else {
                parts.add("[" + content.type() + " content not shown]");
            }
        }
        return String.join("\n", parts);
    }

    private static boolean interrupted(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    private static boolean timedOut(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof java.net.http.HttpTimeoutException
                    || (cause instanceof IllegalStateException && String.valueOf(cause.getMessage())
                            .startsWith("Timeout on blocking read"))) {
                return true;
            }
        }
        return false;
    }

    /** The innermost meaningful message: an MCP error's, or the root cause's. */
    static String describe(Throwable ex) {
        if (timedOut(ex)) {
            return "no answer in time";
        }
        Throwable root = ex;
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof McpError) {
                return cause.getMessage();
            }
            if (cause instanceof java.net.ConnectException) {
                return "cannot connect (" + cause.getClass().getSimpleName() + ")";
            }
            root = cause;
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    @Override
    public void close() {
        client.close();
    }

    /**
     * @param tools the tools offered now, by offered name
     * @param error why the server is unavailable; null when its tools were listed
     * @param checkedAt when the tools were last listed or the server last failed to list them; null before
     */
    record State(Map<String, McpTool> tools, @Nullable String error, @Nullable Instant checkedAt) {

        String status() {
            return checkedAt == null ? "UNKNOWN" : error == null ? "UP" : "DOWN";
        }
    }
}

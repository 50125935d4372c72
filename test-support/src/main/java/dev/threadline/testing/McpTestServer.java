package dev.threadline.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.jspecify.annotations.Nullable;

/**
 * A real MCP server for tests, made with the MCP Java SDK's server side: the Streamable HTTP servlet in an
 * embedded Tomcat on 127.0.0.1, at {@code /mcp}. Tools can be added while it runs (announced with
 * {@code notifications/tools/list_changed}); every call is recorded with its arguments and the request's
 * {@code Authorization} header. A tool may {@link #hang} until the server closes.
 */
public final class McpTestServer implements AutoCloseable {

    /** A tool call the server received. */
    public record Call(String tool, Map<String, Object> arguments, @Nullable String authorization) {
    }

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final int port;
    private final Path baseDir;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private McpTestServer(String name, int port) {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp")
                .contextExtractor(request -> McpTransportContext.create(request.getHeader("Authorization") == null
                        ? Map.of() : Map.of("authorization", request.getHeader("Authorization"))))
                .build();
        server = McpServer.sync(transport).serverInfo(name, "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build()).build();
        try {
            baseDir = Files.createTempDirectory("mcp-test-server");
            tomcat = new Tomcat();
            tomcat.setBaseDir(baseDir.toString());
            Connector connector = new Connector();
            connector.setPort(port);
            connector.setProperty("address", "127.0.0.1");
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);
            Context context = tomcat.addContext("", baseDir.toString());
            Wrapper servlet = Tomcat.addServlet(context, "mcp", transport);
            servlet.setAsyncSupported(true);
            context.addServletMappingDecoded("/mcp", "mcp");
            tomcat.start();
            this.port = connector.getLocalPort();
        }
        catch (IOException | LifecycleException ex) {
            throw new IllegalStateException("The MCP test server did not start", ex);
        }
    }

    /** A server on a free port. */
    public static McpTestServer start(String name) {
        return new McpTestServer(name, 0);
    }

    /** A server on the given port, e.g. one a worker was configured with while nothing listened there. */
    public static McpTestServer start(String name, int port) {
        return new McpTestServer(name, port);
    }

    /** A port nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public static String urlOf(int port) {
        return "http://127.0.0.1:" + port + "/mcp";
    }

    public String url() {
        return urlOf(port);
    }

    /**
     * Adds a tool whose {@code handler} maps the call's arguments to its result, and tells connected clients that
     * the tool list changed.
     */
    public McpTestServer tool(String name, String description, Map<String, Object> inputSchema,
            Function<Map<String, Object>, McpSchema.CallToolResult> handler) {
        McpSchema.Tool tool = McpSchema.Tool.builder(name, inputSchema).description(description).build();
        server.addTool(new McpServerFeatures.SyncToolSpecification(tool, (exchange, request) -> {
            Object authorization = exchange.transportContext().get("authorization");
            calls.add(new Call(name, request.arguments() == null ? Map.of() : request.arguments(),
                    authorization == null ? null : authorization.toString()));
            return handler.apply(request.arguments() == null ? Map.of() : request.arguments());
        }));
        server.notifyToolsListChanged();
        return this;
    }

    /** A tool answering the given text. */
    public McpTestServer textTool(String name, String description, Function<Map<String, Object>, String> text) {
        return tool(name, description, Map.of("type", "object", "properties",
                Map.of("text", Map.of("type", "string"))), arguments -> text(text.apply(arguments)));
    }

    /** Blocks the calling handler until the server closes: a tool that never answers. */
    public McpSchema.CallToolResult hang() {
        try {
            closed.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return text("too late");
    }

    public static McpSchema.CallToolResult text(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).build();
    }

    public static McpSchema.CallToolResult error(String text) {
        return McpSchema.CallToolResult.builder().addTextContent(text).isError(true).build();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        closed.countDown();
        server.close();
        try {
            tomcat.stop();
            tomcat.destroy();
        }
        catch (LifecycleException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

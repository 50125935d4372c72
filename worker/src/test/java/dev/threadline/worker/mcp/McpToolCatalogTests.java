package dev.threadline.worker.mcp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.threadline.testing.McpTestServer;
import dev.threadline.worker.tool.Tool;
import dev.threadline.worker.tool.ToolContext;
import dev.threadline.worker.tool.ToolException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The catalog against real MCP servers, without a worker: a server found late, an interrupted call, naming. */
class McpToolCatalogTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ToolContext ALICE = new ToolContext("alice", "thread-1");

    @Test
    void aServerDownAtStartIsReportedAndItsToolsFailUntilItIsUpThenTheyAreFound() {
        int port = McpTestServer.freePort();
        McpToolCatalog catalog = catalog(new McpServerSettings("later", McpTestServer.urlOf(port), null),
                Duration.ofSeconds(5));
        McpHealthIndicator health = new McpHealthIndicator(catalog);
        catalog.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> "DOWN".equals(details(health, "later").get("status")));
            assertThat(health.health().getStatus()).isEqualTo(Status.UP);
            assertThat(details(health, "later").get("error")).asString().isNotBlank();
            assertThat(catalog.find("later__echo")).isEmpty();
            Tool standIn = catalog.unavailable("later__echo").orElseThrow();
            assertThatThrownBy(() -> standIn.execute(ALICE, JSON.readTree("{}"))).isInstanceOf(ToolException.class)
                    .hasMessageStartingWith("MCP server 'later' is unavailable: ");

            try (McpTestServer later = McpTestServer.start("later", port)
                    .textTool("echo", "Echoes", arguments -> "echo: " + arguments.get("text"))) {
                await().atMost(Duration.ofSeconds(5)).until(() -> catalog.find("later__echo").isPresent());
                assertThat(catalog.find("later__echo").orElseThrow().execute(ALICE, JSON.readTree("{\"text\":\"hi\"}")))
                        .isEqualTo("echo: hi");
                assertThat(details(health, "later")).containsEntry("status", "UP").containsEntry("tools", 1)
                        .doesNotContainKey("error");
                assertThat(catalog.unavailable("later__echo")).isEmpty();
            }
        }
        finally {
            catalog.stop();
        }
    }

    @Test
    void anInterruptStopsACallTheServerHasNotAnsweredLongBeforeTheCallTimeout() throws Exception {
        try (McpTestServer slow = McpTestServer.start("slow")) {
            slow.tool("wait", "Never answers", Map.of("type", "object"), arguments -> slow.hang());
            McpToolCatalog catalog = catalog(new McpServerSettings("slow", slow.url(), null), Duration.ofSeconds(30));
            catalog.start();
            try {
                await().atMost(Duration.ofSeconds(5)).until(() -> catalog.find("slow__wait").isPresent());
                Tool wait = catalog.find("slow__wait").orElseThrow();
                AtomicBoolean interruptKept = new AtomicBoolean();
                CompletableFuture<Throwable> failure = new CompletableFuture<>();
                Thread caller = Thread.ofVirtual().start(() -> {
                    try {
                        wait.execute(ALICE, JSON.readTree("{}"));
                        failure.complete(new AssertionError("the call answered"));
                    }
                    catch (RuntimeException ex) {
                        interruptKept.set(Thread.currentThread().isInterrupted());
                        failure.complete(ex);
                    }
                });
                await().atMost(Duration.ofSeconds(5)).until(() -> slow.calls().size() == 1);

                caller.interrupt();

                assertThat(failure.get(3, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(ToolException.class)
                        .hasMessage("The call to MCP server 'slow' was interrupted");
                assertThat(interruptKept).isTrue();
            }
            finally {
                catalog.stop();
            }
        }
    }

    @Test
    void offeredNamesFollowTheModelsFunctionNameRules() {
        assertThat(McpTool.offeredName("docs", "read.file v2")).isEqualTo("docs__read_file_v2");
        assertThat(McpTool.offeredName("docs", "x".repeat(80))).hasSize(64).startsWith("docs__xxx");
    }

    @Test
    void mcpServersIsReadFromJsonAndMistakesNameTheVariable() {
        McpServersConverter converter = new McpServersConverter();

        assertThat(converter.convert("""
                [{"name":"docs","url":"https://mcp.example.com/mcp","headers":{"Authorization":"Bearer t"}},
                 {"name":"files","url":"http://127.0.0.1:3000/mcp"}]"""))
                .extracting(McpServerSettings::name, McpServerSettings::headers)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("docs", Map.of("Authorization", "Bearer t")),
                        org.assertj.core.groups.Tuple.tuple("files", Map.of()));
        assertThat(converter.convert("[]")).isEmpty();
        assertThatThrownBy(() -> converter.convert("{\"name\":")).hasMessageStartingWith("MCP_SERVERS must be a JSON list");
        assertThatThrownBy(() -> converter.convert("[{\"name\":\"a__b\",\"url\":\"http://x/mcp\"}]"))
                .hasMessageContaining("MCP_SERVERS: a server's name");
        assertThatThrownBy(() -> converter.convert("[{\"name\":\"a\",\"url\":\"ftp://x\"}]"))
                .hasMessageContaining("must be an http(s) URL");
        McpServerSettings docs = new McpServerSettings("docs", "http://x/mcp", Map.of("Authorization", "secret"));
        assertThatThrownBy(() -> new McpProperties(List.of(docs, docs), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1))).hasMessage("MCP_SERVERS names the server 'docs' twice");
        assertThat(docs.toString()).doesNotContain("secret");
    }

    private static McpToolCatalog catalog(McpServerSettings server, Duration callTimeout) {
        return new McpToolCatalog(new McpProperties(List.of(server), Duration.ofMillis(500), callTimeout,
                Duration.ofMillis(200)), false);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> details(McpHealthIndicator health, String server) {
        Health report = health.health();
        return (Map<String, Object>) ((Map<String, Object>) report.getDetails().get("servers")).get(server);
    }
}

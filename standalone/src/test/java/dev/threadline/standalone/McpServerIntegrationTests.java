package dev.threadline.standalone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.TestTokens;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Threadline as an MCP server, through the whole stack (gateway, worker, fake model): the SDK's own client lists the
 * {@code ask_<assistant>} tools at {@code /mcp} with a bearer token, and a call is a run on a thread of the caller,
 * answered with the model's answer; the thread is in the caller's history and can be continued; another user's
 * thread is not found, a failed run is a tool error, the daily budget and disabling apply, and a call without a token
 * is refused.
 */
class McpServerIntegrationTests {

    private static DistributedHarness harness;

    @BeforeAll
    static void start() {
        harness = new DistributedHarness("chat-completions");
        harness.model.respondWith(request -> {
            if (request.instructions().startsWith("Write a title")) {
                return FakeReply.text("Outfit advice");
            }
            String question = request.lastUserText();
            return question.contains("explode") ? FakeReply.error(400, "the model refused this one")
                    : FakeReply.text("Answer to: ", question);
        });
        try (McpSyncClient client = client(TestTokens.token(user()))) {
            // on a fresh store the default assistants are seeded once the gateway is ready; their tools follow
            await().atMost(Duration.ofSeconds(15)).until(() -> client.listTools().tools().size() >= 3);
        }
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void listsOneAskToolPerAssistantWithAQuestionAndAnOptionalThread() {
        try (McpSyncClient client = client(TestTokens.token(user()))) {
            List<McpSchema.Tool> tools = client.listTools().tools();
            assertThat(tools).extracting(McpSchema.Tool::name)
                    .contains("ask_orchestrator", "ask_psychologist", "ask_wardrobe");
            McpSchema.Tool wardrobe = tools.stream().filter(tool -> tool.name().equals("ask_wardrobe")).findFirst()
                    .orElseThrow();
            assertThat(wardrobe.description()).contains("wardrobe");
            assertThat(wardrobe.inputSchema()).containsEntry("required", List.of("question"));
            assertThat(List.<Object>copyOf(((Map<?, ?>) wardrobe.inputSchema().get("properties")).keySet())).containsExactlyInAnyOrder("question", "threadId");
        }
    }

    @Test
    void aCallIsARunOnANewThreadOfTheCallerAndASecondCallWithItsIdContinuesIt() {
        String user = user();
        ApiClient api = new ApiClient(harness.httpUrl(), TestTokens.token(user));
        try (McpSyncClient client = client(TestTokens.token(user))) {
            McpSchema.CallToolResult first = ask(client, "ask_wardrobe", "What fits an interview?", null);
            assertThat(first.isError()).as(text(first)).isNotEqualTo(Boolean.TRUE);
            assertThat(text(first)).isEqualTo("Answer to: What fits an interview?");
            @SuppressWarnings("unchecked")
            Map<String, Object> structured = (Map<String, Object>) first.structuredContent();
            String threadId = (String) structured.get("threadId");
            assertThat(structured).containsEntry("answer", "Answer to: What fits an interview?")
                    .containsKeys("messageId", "runId");

            JsonNode threads = api.get("/api/threads").json().path("items");
            assertThat(threads).hasSize(1);
            assertThat(threads.get(0).path("id").asString()).isEqualTo(threadId);
            assertThat(threads.get(0).path("assistant").asString()).isEqualTo("wardrobe");
            JsonNode messages = api.get("/api/threads/" + threadId + "/messages").json().path("items");
            assertThat(messages).extracting(message -> message.path("content").asString())
                    .containsExactly("Answer to: What fits an interview?", "What fits an interview?");
            assertThat(messages.get(0).path("id").asString()).isEqualTo(structured.get("messageId"));

            McpSchema.CallToolResult second = ask(client, "ask_wardrobe", "And the shoes?", threadId);
            assertThat(text(second)).isEqualTo("Answer to: And the shoes?");
            assertThat(threadOf(second)).isEqualTo(threadId);
            assertThat(api.get("/api/threads/" + threadId + "/messages").json().path("items"))
                    .extracting(message -> message.path("content").asString())
                    .containsExactly("Answer to: And the shoes?", "And the shoes?",
                            "Answer to: What fits an interview?", "What fits an interview?");
            assertThat(api.get("/api/threads").json().path("items")).hasSize(1);
        }
    }

    @Test
    void eachCallerGetsTheirOwnThreadAndAnotherUsersThreadIsNotFound() {
        String alice = user();
        String bob = user();
        try (McpSyncClient aliceClient = client(TestTokens.token(alice));
                McpSyncClient bobClient = client(TestTokens.token(bob))) {
            String aliceThread = threadOf(ask(aliceClient, "ask_psychologist", "Am I ready?", null));
            String bobThread = threadOf(ask(bobClient, "ask_psychologist", "Am I calm?", null));

            assertThat(threadIds(alice)).containsExactly(aliceThread);
            assertThat(threadIds(bob)).containsExactly(bobThread);

            McpSchema.CallToolResult refused = ask(bobClient, "ask_psychologist", "Let me in", aliceThread);
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).startsWith("not_found:");
            assertThat(new ApiClient(harness.httpUrl(), TestTokens.token(alice))
                    .get("/api/threads/" + aliceThread + "/messages").json().path("items")).hasSize(2);
        }
    }

    @Test
    void aRunThatFailsAtTheModelIsAToolErrorAndTheThreadKeepsIt() {
        String user = user();
        try (McpSyncClient client = client(TestTokens.token(user))) {
            McpSchema.CallToolResult failed = ask(client, "ask_wardrobe", "Make it explode", null);
            assertThat(failed.isError()).isTrue();
            assertThat(text(failed)).contains("The run failed");
            assertThat(threadIds(user)).containsExactly(threadOf(failed));
        }
    }

    @Test
    void aBlankQuestionIsAToolErrorAndStartsNoThread() {
        String user = user();
        try (McpSyncClient client = client(TestTokens.token(user))) {
            McpSchema.CallToolResult refused = ask(client, "ask_wardrobe", " ", null);
            assertThat(refused.isError()).isTrue();
            assertThat(text(refused)).startsWith("validation_failed:");
            assertThat(threadIds(user)).isEmpty();
        }
    }

    @Test
    void theDailyBudgetAndDisablingApplyAsOnRest() throws Exception {
        String user = user();
        ApiClient admin = new ApiClient(harness.httpUrl(), TestTokens.admin("ops-" + user));
        AtomicInteger answered = new AtomicInteger();
        // set before the first call: the user's budget is then read fresh, not from DailyBudget's few-second cache
        assertThat(admin.patch("/api/admin/users/" + user, Map.of("dailyTokens", 1)).status()).isEqualTo(200);
        try (McpSyncClient client = client(TestTokens.token(user))) {
            assertThat(ask(client, "ask_wardrobe", "A scarf?", null).isError()).as("nothing spent yet")
                    .isNotEqualTo(Boolean.TRUE);
            answered.incrementAndGet();
            // the run's tokens reach the ledger just after its end: a retry at most, well within the send rate limit
            McpSchema.CallToolResult refused = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                McpSchema.CallToolResult result = ask(client, "ask_wardrobe", "A hat?", null);
                if (!Boolean.TRUE.equals(result.isError())) {
                    answered.incrementAndGet();
                }
                return result;
            }, result -> Boolean.TRUE.equals(result.isError()));
            assertThat(text(refused)).startsWith("budget_exhausted:");
        }
        assertThat(threadIds(user)).as("a refused call leaves no thread").hasSize(answered.get());

        assertThat(admin.patch("/api/admin/users/" + user, Map.of("disabled", true)).status()).isEqualTo(200);
        HttpResponse<String> refused = await().atMost(Duration.ofSeconds(10)).until(() -> listTools(TestTokens.token(user)),
                response -> response.statusCode() == 401);
        assertThat(refused.body()).contains("user_disabled");
    }

    @Test
    void withoutATokenTheEndpointAnswers401AndTheClientCannotInitialize() throws Exception {
        HttpResponse<String> response = listTools(null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));

        McpSyncClient anonymous = McpClient.sync(transport(HttpRequest.newBuilder()))
                .requestTimeout(Duration.ofSeconds(5)).initializationTimeout(Duration.ofSeconds(5)).build();
        try (anonymous) {
            assertThatThrownBy(anonymous::initialize).isInstanceOf(RuntimeException.class);
        }
        try (McpSyncClient expired = client(TestTokens.expired(user()), false)) {
            assertThatThrownBy(expired::initialize).isInstanceOf(RuntimeException.class);
        }
    }

    private static HttpResponse<String> listTools(@Nullable String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(harness.httpUrl() + "/mcp"))
                .header("Content-Type", "application/json").header("Accept", "application/json, text/event-stream")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static McpSyncClient client(String token) {
        return client(token, true);
    }

    private static McpSyncClient client(String token, boolean initialize) {
        McpSyncClient client = McpClient.sync(transport(HttpRequest.newBuilder().header("Authorization", "Bearer " + token)))
                .requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(10))
                .clientInfo(new McpSchema.Implementation("threadline-test", "1")).build();
        if (initialize) {
            client.initialize();
        }
        return client;
    }

    private static HttpClientStreamableHttpTransport transport(HttpRequest.Builder requests) {
        return HttpClientStreamableHttpTransport.builder(harness.httpUrl()).endpoint("/mcp").requestBuilder(requests)
                .build();
    }

    private static McpSchema.CallToolResult ask(McpSyncClient client, String tool, String question,
            @Nullable String threadId) {
        Map<String, Object> arguments = threadId == null ? Map.of("question", question)
                : Map.of("question", question, "threadId", threadId);
        return client.callTool(new McpSchema.CallToolRequest(tool, arguments));
    }

    private static String text(McpSchema.CallToolResult result) {
        return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
                .map(content -> ((McpSchema.TextContent) content).text()).findFirst().orElse("");
    }

    private static String threadOf(McpSchema.CallToolResult result) {
        return (String) ((Map<?, ?>) result.structuredContent()).get("threadId");
    }

    private static List<String> threadIds(String user) {
        JsonNode items = new ApiClient(harness.httpUrl(), TestTokens.token(user)).get("/api/threads").json().path("items");
        return items.valueStream().map(thread -> thread.path("id").asString()).toList();
    }

    private static String user() {
        return "mcp-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

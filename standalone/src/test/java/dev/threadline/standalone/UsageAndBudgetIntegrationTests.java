package dev.threadline.standalone;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md §12 through the whole stack with two gateways: a consultation run counts the tokens of every model
 * call (orchestrator and wardrobe) on {@code run.completed}, on the stored answer and in {@code /api/usage}; an admin
 * sets the user's daily budget on one gateway, and the other refuses the next send, over REST and STOMP, because
 * the count lives in the store.
 */
class UsageAndBudgetIntegrationTests {

    private static DistributedHarness harness;
    private static ConfigurableApplicationContext secondGateway;

    @BeforeAll
    static void start() {
        harness = new DistributedHarness("chat-completions");
        secondGateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + harness.rabbitUri, "--spring.mongodb.uri=" + harness.mongoUri,
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET);
        harness.model.respondWith(request -> {
            if (request.instructions().contains("wardrobe specialist")) {
                return FakeReply.text("A ", "navy ", "blazer.");
            }
            if (request.instructions().startsWith("Write a title")) {
                return FakeReply.text("Interview outfit");
            }
            return request.toolOutputs().isEmpty()
                    ? FakeReply.toolCall("call_w1", "ask_wardrobe", "{\"question\":\"What fits an interview?\"}")
                    : FakeReply.text("Wear ", "the ", "navy ", "blazer.");
        });
    }

    @AfterAll
    static void stop() {
        secondGateway.close();
        harness.close();
    }

    @Test
    void aConsultationRunIsCountedForEveryAssistantAndABudgetSetOnOneGatewayIsEnforcedOnTheOther() {
        String user = "spender-" + UUID.randomUUID().toString().substring(0, 8);
        ApiClient first = new ApiClient(harness.httpUrl(), TestTokens.token(user));
        String threadId = first.post("/api/threads", Map.of("title", "Interview")).json().path("id").asString();
        JsonNode completed;
        try (StompTestClient stomp = StompTestClient.connect(harness.wsUrl(), TestTokens.token(user))) {
            List<JsonNode> events = stomp.subscribeAndWait("/topic/threads/" + threadId);
            assertThat(first.post("/api/threads/" + threadId + "/messages",
                    Map.of("content", "What should I wear to an interview?")).status()).isEqualTo(202);
            completed = await().atMost(Duration.ofSeconds(20)).until(() -> events.stream()
                    .filter(event -> "run.completed".equals(event.path("type").asString())).findFirst().orElse(null),
                    event -> event != null);
        }

        JsonNode usage = completed.path("usage");
        JsonNode orchestrator = usage.path("byAssistant").path("orchestrator");
        JsonNode wardrobe = usage.path("byAssistant").path("wardrobe");
        assertThat(orchestrator.path("inputTokens").asLong()).as("two orchestrator calls").isPositive();
        assertThat(wardrobe.path("inputTokens").asLong()).as("the consulted specialist").isPositive();
        assertThat(usage.path("inputTokens").asLong())
                .isEqualTo(orchestrator.path("inputTokens").asLong() + wardrobe.path("inputTokens").asLong());
        assertThat(usage.path("outputTokens").asLong())
                .isEqualTo(orchestrator.path("outputTokens").asLong() + wardrobe.path("outputTokens").asLong());
        assertThat(completed.path("context").path("tokens").asInt()).isPositive();
        assertThat(completed.path("context").path("limit").asInt()).isGreaterThan(completed.path("context").path("tokens").asInt());

        JsonNode answer = first.get("/api/threads/" + threadId + "/messages").json().path("items").get(0);
        assertThat(answer.path("usage")).isEqualTo(usage);
        assertThat(first.get("/api/threads/" + threadId).json().path("context")).isEqualTo(completed.path("context"));

        long spent = usage.path("inputTokens").asLong() + usage.path("outputTokens").asLong();
        JsonNode report = await().atMost(Duration.ofSeconds(10)).until(() -> first.get("/api/usage").json(),
                json -> json.path("totals").path("runs").asLong() == 1);
        assertThat(report.path("days")).hasSize(1);
        assertThat(report.path("days").get(0).path("inputTokens").asLong()).isEqualTo(usage.path("inputTokens").asLong());
        assertThat(report.path("days").get(0).path("outputTokens").asLong()).isEqualTo(usage.path("outputTokens").asLong());
        assertThat(report.path("totals").path("inputTokens").asLong() + report.path("totals").path("outputTokens").asLong())
                .isEqualTo(spent);
        assertThat(report.has("budget")).as("no budget configured or set").isFalse();

        ApiClient admin = new ApiClient(harness.httpUrl(), TestTokens.admin("ops-" + user));
        assertThat(admin.patch("/api/admin/users/" + user, Map.of("dailyTokens", spent)).status()).isEqualTo(200);

        ApiClient second = new ApiClient(secondUrl(), TestTokens.token(user));
        ApiClient.Response refused = await().atMost(Duration.ofSeconds(10)).until(
                () -> second.post("/api/threads/" + threadId + "/messages", Map.of("content", "And shoes?")),
                response -> response.status() == 429);
        assertThat(refused.json().path("code").asString()).isEqualTo("budget_exhausted");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 86_400L);
        assertThat(second.get("/api/usage").json().path("budget").path("usedToday").asLong()).isEqualTo(spent);

        try (StompTestClient stomp = StompTestClient.connect("ws://127.0.0.1:" + secondPort() + "/ws",
                TestTokens.token(user))) {
            List<JsonNode> errors = stomp.subscribeAndWait("/user/queue/errors");
            stomp.send("/app/threads/" + threadId + "/messages", Map.of("content", "And a tie?", "clientMessageId", "c-1"));
            await().atMost(Duration.ofSeconds(10)).until(() -> errors.stream()
                    .anyMatch(error -> "budget_exhausted".equals(error.path("code").asString())));
        }
        assertThat(first.get("/api/threads/" + threadId + "/messages").json().path("items")).as("nothing was accepted")
                .hasSize(2);

        Map<String, Object> noOverride = new HashMap<>();
        noOverride.put("dailyTokens", null);
        assertThat(admin.patch("/api/admin/users/" + user, noOverride).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofSeconds(1)).until(
                () -> second.post("/api/threads/" + threadId + "/messages", Map.of("content", "And shoes?")).status() == 202);
    }

    private static int secondPort() {
        return ((WebServerApplicationContext) secondGateway).getWebServer().getPort();
    }

    private static String secondUrl() {
        return "http://127.0.0.1:" + secondPort();
    }
}

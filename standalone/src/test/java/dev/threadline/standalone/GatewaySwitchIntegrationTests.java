package dev.threadline.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

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
 * Any gateway serves any thread: a client streaming through one gateway loses it mid-answer (the gateway
 * shuts down), reconnects to another, and gets the full answer with no gap and no duplicate by the resume
 * rule of PROTOCOL.md §5.
 */
class GatewaySwitchIntegrationTests {

    private static final List<String> TOKENS = IntStream.range(0, 200).mapToObj(i -> "s" + i + " ").toList();

    private static DistributedHarness harness;
    private static ConfigurableApplicationContext secondGateway;

    @BeforeAll
    static void start() {
        harness = new DistributedHarness("responses");
        secondGateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + harness.rabbitUri, "--spring.mongodb.uri=" + harness.mongoUri,
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET);
        harness.model.respondWith(request -> FakeReply.text(TOKENS, Duration.ofMillis(25)));
    }

    @AfterAll
    static void stop() {
        secondGateway.close();
        harness.close();
    }

    @Test
    void aClientWhoseGatewayGoesAwayResumesOnAnotherWithTheWholeAnswer() {
        String token = TestTokens.token("switcher");
        ApiClient first = new ApiClient(harness.httpUrl(), token);
        String threadId = first.post("/api/threads", Map.of()).json().path("id").asString();
        StompTestClient before = StompTestClient.connect(harness.wsUrl(), token);
        List<JsonNode> early = before.subscribeAndWait("/topic/threads/" + threadId);
        first.post("/api/threads/" + threadId + "/messages", Map.of("content", "Tell me a long story"));
        await().atMost(Duration.ofSeconds(15)).until(() -> early.stream()
                .filter(e -> "message.delta".equals(e.path("type").asString())).count() >= 3);
        harness.gateway.close();
        before.close();

        int port = ((WebServerApplicationContext) secondGateway).getWebServer().getPort();
        ApiClient second = new ApiClient("http://127.0.0.1:" + port, token);
        try (StompTestClient after = StompTestClient.connect("ws://127.0.0.1:" + port + "/ws", token)) {
            List<JsonNode> late = after.subscribeAndWait("/topic/threads/" + threadId);
            JsonNode partial = second.get("/api/threads/" + threadId + "/messages").json().path("items").get(0);
            await().atMost(Duration.ofSeconds(20)).until(() -> late.stream()
                    .anyMatch(e -> "run.completed".equals(e.path("type").asString())));

            assertThat(partial.path("status").asString()).isEqualTo("in_progress");
            StringBuilder text = new StringBuilder(partial.path("content").asString());
            late.stream().filter(e -> "message.delta".equals(e.path("type").asString()))
                    .filter(e -> e.path("attempt").asInt() == partial.path("attempt").asInt())
                    .filter(e -> e.path("seq").asLong() > partial.path("lastSeq").asLong())
                    .forEach(e -> text.append(e.path("delta").asString()));
            assertThat(partial.path("role").asString()).isEqualTo("assistant");
            assertThat(text.toString()).isEqualTo(String.join("", TOKENS));
        }
    }
}

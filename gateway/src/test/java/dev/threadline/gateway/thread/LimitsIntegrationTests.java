package dev.threadline.gateway.thread;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
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
 * Per-user limits: REST request rate (per user, and per address without a token), send rate (REST and
 * STOMP), STOMP frame rate, open sessions, and sessions that outlive their token.
 */
class LimitsIntegrationTests {

    private static ConfigurableApplicationContext gateway;
    private static int port;

    @BeforeAll
    static void start() {
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.limits.sends.burst=3",
                "--threadline.limits.sends.messages-per-minute=6", "--threadline.limits.sends.max-active-runs=100",
                "--threadline.limits.sessions.max-per-user=2", "--threadline.limits.rest.burst=20",
                "--threadline.limits.rest.requests-per-minute=1", "--threadline.limits.rest.anonymous-burst=3",
                "--threadline.limits.rest.anonymous-per-minute=1", "--threadline.limits.stomp.burst=5",
                "--threadline.limits.stomp.frames-per-minute=1");
        port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void sendsBeyondTheBurstAreRateLimitedOnRestAndStomp() {
        String token = TestTokens.token("chatty");
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, token);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        for (int i = 0; i < 3; i++) {
            assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "m" + i)).status())
                    .isEqualTo(202);
        }

        ApiClient.Response limited = api.post("/api/threads/" + threadId + "/messages", Map.of("content", "one more"));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().path("code").asString()).isEqualTo("rate_limited");
        try (StompTestClient client = StompTestClient.connect("ws://127.0.0.1:" + port + "/ws", token)) {
            List<JsonNode> errors = client.subscribeAndWait("/user/queue/errors");
            client.send("/app/threads/" + threadId + "/messages", Map.of("content", "and another", "clientMessageId", "x"));
            await().until(() -> !errors.isEmpty());
            assertThat(errors.getFirst().path("code").asString()).isEqualTo("rate_limited");
            assertThat(errors.getFirst().path("clientMessageId").asString()).isEqualTo("x");
        }
    }

    @Test
    void restRequestsBeyondTheBurstAreRateLimitedPerUser() {
        ApiClient greedy = new ApiClient("http://127.0.0.1:" + port, TestTokens.token("greedy"));
        ApiClient bystander = new ApiClient("http://127.0.0.1:" + port, TestTokens.token("bystander"));
        ApiClient.Response last = null;
        int allowed = 0;
        while (allowed < 100 && (last = greedy.get("/api/threads")).status() == 200) {
            allowed++;
        }

        assertThat(allowed).isEqualTo(20);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.contentType()).startsWith("application/problem+json");
        assertThat(last.json().path("code").asString()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(last.header("Retry-After"))).isBetween(1, 60);
        assertThat(bystander.get("/api/threads").status()).isEqualTo(200);
    }

    @Test
    void anonymousRequestsAreRateLimitedPerAddress() {
        ApiClient anonymous = new ApiClient("http://127.0.0.1:" + port, null);
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            statuses.add(anonymous.post("/api/auth/register", Map.of("username", "someone" + i, "password", "x"))
                    .status());
        }

        assertThat(statuses).containsExactly(400, 400, 400, 429);
    }

    @Test
    void stompFramesBeyondTheBurstAreRateLimitedPerUser() {
        String token = TestTokens.token("typist");
        String threadId = new ApiClient("http://127.0.0.1:" + port, token).post("/api/threads", Map.of()).json()
                .path("id").asString();
        try (StompTestClient client = StompTestClient.connect(wsUrl(), token)) {
            List<JsonNode> errors = client.subscribeAndWait("/user/queue/errors");
            List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
            for (int i = 0; i < 8; i++) {
                client.send("/app/threads/" + threadId + "/typing", Map.of());
            }

            await().until(() -> errors.size() == 3
                    && events.stream().filter(e -> "typing".equals(e.path("type").asString())).count() == 5);
            assertThat(errors).allSatisfy(error -> assertThat(error.path("code").asString()).isEqualTo("rate_limited"));
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void aUserHoldsAtMostTheAllowedSessions() {
        String token = TestTokens.token("many-tabs");
        try (StompTestClient first = StompTestClient.connect(wsUrl(), token);
                StompTestClient second = StompTestClient.connect(wsUrl(), token)) {
            assertThat(StompTestClient.connectRefused(wsUrl(), token)).contains("too many open sessions");
            assertThat(first.isConnected() && second.isConnected()).isTrue();
        }
        await().untilAsserted(() -> {
            try (StompTestClient again = StompTestClient.connect(wsUrl(), token)) {
                assertThat(again.isConnected()).isTrue();
            }
        });
    }

    @Test
    void aSessionIsClosedWhenItsTokenExpires() {
        String shortLived = TestTokens.token(TestTokens.SECRET, "short-lived", Duration.ofSeconds(2));
        StompTestClient client = StompTestClient.connect(wsUrl(), shortLived);
        assertThat(client.isConnected()).isTrue();

        await().atMost(Duration.ofSeconds(8)).until(() -> !client.isConnected());
        client.close();
    }

    private static String wsUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }
}

package dev.threadline.gateway.stomp;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.RawStompSocket;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input on STOMP: malformed and oversize frames, forged destinations and bodies. Each case gets
 * a clear error (an error event, or an ERROR frame where the STOMP connection cannot go on), the server
 * keeps serving everyone else, and nothing of Bob's thread reaches Alice or is changed by her.
 */
class HostileStompInputIntegrationTests {

    private static ConfigurableApplicationContext gateway;
    private static String wsUrl;
    private static String aliceThread;
    private static String bobThread;
    private static ApiClient bobApi;

    private StompTestClient alice;
    private List<JsonNode> aliceErrors;
    private StompTestClient bob;
    private List<JsonNode> bobEvents;

    @BeforeAll
    static void start() {
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.limits.sends.burst=1000",
                "--threadline.limits.sends.max-active-runs=1000");
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        wsUrl = "ws://127.0.0.1:" + port + "/ws";
        ApiClient aliceApi = new ApiClient("http://127.0.0.1:" + port, TestTokens.token("alice"));
        bobApi = new ApiClient("http://127.0.0.1:" + port, TestTokens.token("bob"));
        aliceThread = aliceApi.post("/api/threads", Map.of("title", "alice's")).json().path("id").asString();
        bobThread = bobApi.post("/api/threads", Map.of("title", "bob's secret plans")).json().path("id").asString();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @BeforeEach
    void connect() {
        alice = StompTestClient.connect(wsUrl, TestTokens.token("alice"));
        aliceErrors = alice.subscribeAndWait("/user/queue/errors");
        bob = StompTestClient.connect(wsUrl, TestTokens.token("bob"));
        bobEvents = bob.subscribeAndWait("/topic/threads/" + bobThread);
    }

    @AfterEach
    void disconnect() {
        alice.close();
        bob.close();
    }

    @ParameterizedTest(name = "frame {0}")
    @ValueSource(strings = { "HELLO\n\n\0", "SEND\ndestination\n\n{}\0", "SEND\ndestination:/app/a\\x\n\n\0", "CONNECT\n\n\0",
            "SEND\ndestination:/app/a\ncontent-length:2\n\n{}X\0" })
    void anUnparseableFrameGetsAnErrorFrameAndClosesOnlyItsOwnConnection(String frame) {
        try (RawStompSocket raw = RawStompSocket.connect(wsUrl, TestTokens.token("alice"))) {
            raw.send(frame);

            assertThat(raw.awaitFrame("ERROR")).isNotBlank();
            await().until(raw::isClosed);
        }
        assertEveryoneElseStillServed();
    }

    @ParameterizedTest(name = "frame {0}")
    @ValueSource(strings = { "SUBSCRIBE\n\n\0", "SUBSCRIBE\nid:1\n\n\0", "SEND\n\n{}\0",
            "SEND\ndestination:/app/threads/{alice}/messages\ncontent-length:abc\n\n{}\0",
            "SEND\ndestination:/app/threads/{alice}/messages\ncontent-type:text/html\n\n<b>hi</b>\0",
            "UNSUBSCRIBE\nid:nothing\n\n\0", "ACK\nid:nothing\n\n\0" })
    void anIncompleteFrameGetsAnErrorEventAndTheConnectionStaysOpen(String frame) {
        try (RawStompSocket raw = RawStompSocket.connect(wsUrl, TestTokens.token("alice"))) {
            raw.send("SUBSCRIBE\nid:errors\ndestination:/user/queue/errors\nreceipt:r\n\n\0");
            raw.awaitFrame("RECEIPT");

            raw.send(frame.replace("{alice}", aliceThread));
            raw.send("SEND\ndestination:/app/threads/" + aliceThread + "/typing\nreceipt:still-open\n\n{}\0");

            assertThat(raw.awaitFrame("RECEIPT", "receipt-id:still-open")).isNotBlank();
            assertThat(raw.frames()).noneMatch(received -> received.startsWith("ERROR"));
            assertThat(raw.isClosed()).isFalse();
        }
    }

    @Test
    void aFrameBeforeConnectIsRefused() {
        try (RawStompSocket raw = RawStompSocket.open(wsUrl)) {
            raw.send("SUBSCRIBE\nid:0\ndestination:/topic/threads/" + bobThread + "\n\n\0");

            assertThat(raw.awaitFrame("ERROR")).contains("Unauthorized");
            await().until(raw::isClosed);
        }
        assertEveryoneElseStillServed();
    }

    @Test
    void aConnectWithAForgedLoginInsteadOfATokenIsRefused() {
        try (RawStompSocket raw = RawStompSocket.open(wsUrl)) {
            raw.send("CONNECT\naccept-version:1.2\nhost:localhost\nlogin:bob\npasscode:bob\nuser-name:bob\n\n\0");

            assertThat(raw.awaitFrame("ERROR")).contains("Unauthorized");
        }
    }

    @Test
    void aFrameOverTheLimitClosesTheConnection() {
        try (RawStompSocket raw = RawStompSocket.connect(wsUrl, TestTokens.token("alice"))) {
            raw.send("SEND\ndestination:/app/threads/" + aliceThread + "/messages\ncontent-type:application/json\n\n"
                    + "{\"content\":\"" + "x".repeat(300 * 1024) + "\"}\0");

            await().atMost(Duration.ofSeconds(10)).until(raw::isClosed);
        }
        assertEveryoneElseStillServed();
    }

    static Stream<String> forbiddenSubscriptions() {
        return Stream.of("/topic/threads/*", "/topic/threads/**", "/topic/threads/#", "/topic/threads.>",
                "/topic/**", "/topic/#", "/topic/threads/" + "{bob}", "/topic/threads/" + "{bob}/",
                "/topic/threads/" + "{bob}/..", "/topic/threads/../threads/" + "{bob}", "/topic/threads/" + "{bob}".toUpperCase(),
                "/user/bob/queue/errors", "/queue/errors", "/queue/errors-user*", "/user/queue/errors/../../topic/threads/{bob}",
                "/app/threads/{bob}/messages", "/queue/**");
    }

    @ParameterizedTest(name = "SUBSCRIBE {0}")
    @MethodSource("forbiddenSubscriptions")
    void forbiddenSubscriptionsAreRefusedAndNothingLeaks(String destination) {
        String target = destination.replace("{bob}", bobThread).replace("{BOB}", bobThread.toUpperCase());
        List<JsonNode> leaked = alice.subscribe(target);

        await().until(() -> aliceErrors.stream().anyMatch(error -> "forbidden".equals(error.path("code").asString())));
        bobApi.post("/api/threads/" + bobThread + "/messages", Map.of("content", "bob's private words"));

        await().until(() -> bobEvents.stream().anyMatch(event -> event.toString().contains("bob's private words")));
        assertThat(leaked).isEmpty();
        assertThat(alice.isConnected()).isTrue();
    }

    @Test
    void sendingStraightToAThreadTopicCannotForgeEvents() {
        alice.send("/topic/threads/" + bobThread, Map.of("type", "message.delta", "threadId", bobThread,
                "delta", "forged by alice"));
        alice.send("/topic/threads/" + aliceThread, Map.of("type", "run.completed", "threadId", aliceThread));

        await().until(() -> aliceErrors.stream().filter(error -> "forbidden".equals(error.path("code").asString()))
                .count() == 2);
        bobApi.post("/api/threads/" + bobThread + "/messages", Map.of("content", "a real event"));
        await().until(() -> bobEvents.stream().anyMatch(event -> event.toString().contains("a real event")));
        assertThat(bobEvents).noneMatch(event -> event.toString().contains("forged by alice"));
    }

    @Test
    void sendingToAnotherUsersThreadIsRefusedAndChangesNothing() {
        for (String action : List.of("messages", "cancel", "feedback", "typing")) {
            alice.send("/app/threads/" + bobThread + "/" + action, Map.of("content", "let me in", "messageId",
                    bobThread, "rating", "down"));
        }

        await().until(() -> aliceErrors.stream().filter(error -> "forbidden".equals(error.path("code").asString()))
                .count() == 4);
        assertThat(bobApi.get("/api/threads/" + bobThread + "/messages").body()).doesNotContain("let me in");
        assertThat(bobEvents).noneMatch(event -> event.toString().contains("alice"));
    }

    static Stream<String> malformedBodies() {
        return Stream.of("{\"content\":", "not json", "[]", "\"just a string\"", "{\"content\":42}",
                "{\"content\":{\"$gt\":\"\"}}", "{\"content\":\"hi\",\"assistant\":{\"$ne\":null}}",
                "{\"content\":\"a\",\"content\":\"b\"}", "{\"content\":\"hi\",\"temperature\":\"hot\"}",
                "{\"content\":\"hi\",\"attachments\":" + "[".repeat(3_000) + "]".repeat(3_000) + "}", "{\"content\":\"  \"}");
    }

    @ParameterizedTest(name = "SEND {0}")
    @MethodSource("malformedBodies")
    void aMalformedSendBodyGetsAnErrorEventAndTheConnectionStaysOpen(String body) {
        alice.sendRaw("/app/threads/" + aliceThread + "/messages", body);

        await().until(() -> !aliceErrors.isEmpty());
        assertThat(aliceErrors.getFirst().path("code").asString()).isEqualTo("validation_failed");
        assertThat(aliceErrors.getFirst().path("threadId").asString()).isEqualTo(aliceThread);
        assertThat(alice.isConnected()).isTrue();
        assertThat(alice.sendWithReceipt("/app/threads/" + aliceThread + "/typing", Map.of())).succeedsWithin(
                Duration.ofSeconds(10));
    }

    @Test
    void scriptsAndControlCharactersTravelVerbatimAsData() {
        String payload = "<script>alert('x')</script>\u0000\u0007\u202e{{7*7}}${jndi:ldap://x/a}\uD83D\uDE00";
        List<JsonNode> events = alice.subscribeAndWait("/topic/threads/" + aliceThread);

        alice.send("/app/threads/" + aliceThread + "/messages", Map.of("content", payload));

        await().until(() -> events.stream().anyMatch(event -> "message.created".equals(event.path("type").asString())));
        assertThat(events.stream().filter(event -> "message.created".equals(event.path("type").asString()))
                .map(event -> event.path("message").path("content").asString())).contains(payload);
    }

    @Test
    void aForgedUserIdInATypingBodyIsIgnored() {
        List<JsonNode> events = alice.subscribeAndWait("/topic/threads/" + aliceThread);

        alice.send("/app/threads/" + aliceThread + "/typing", Map.of("userId", "bob", "type", "typing"));

        await().until(() -> events.stream().anyMatch(event -> "typing".equals(event.path("type").asString())));
        assertThat(events.stream().filter(event -> "typing".equals(event.path("type").asString()))
                .map(event -> event.path("userId").asString())).containsOnly("alice");
    }

    private void assertEveryoneElseStillServed() {
        bobApi.post("/api/threads/" + bobThread + "/messages", Map.of("content", "still here?"));
        await().until(() -> bobEvents.stream().anyMatch(event -> event.toString().contains("still here?")));
        assertThat(alice.isConnected()).isTrue();
    }
}

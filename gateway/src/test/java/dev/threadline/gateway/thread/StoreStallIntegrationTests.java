package dev.threadline.gateway.thread;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.mongodb.ConnectionString;
import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TcpProxy;
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
 * The store stalls (every byte to and from it held, no connection closed, as when its process is stopped):
 * the gateway answers REST with {@code 503 unavailable} and {@code Retry-After} within the store's operation
 * timeout, refuses STOMP frames with an {@code unavailable} error event, and is not ready; once the store
 * answers again everything works without a restart.
 */
class StoreStallIntegrationTests {

    /** The store's operation timeout is 2 s; the rest is the gateway's own work on a loaded machine. */
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);

    private static TcpProxy store;
    private static ConfigurableApplicationContext gateway;
    private static String baseUrl;

    @BeforeAll
    static void start() {
        ConnectionString direct = new ConnectionString(TestServices.mongoUri());
        String hostAndPort = direct.getHosts().getFirst();
        int colon = hostAndPort.lastIndexOf(':');
        store = new TcpProxy(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        String proxied = direct.getConnectionString().replace(hostAndPort, "127.0.0.1:" + store.port());
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + proxied,
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.store.operation-timeout=2s");
        baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        store.close();
    }

    @Test
    void aStalledStoreIsAnsweredWithUnavailableAndTheGatewayRecoversByItself() {
        String token = TestTokens.token("stalled-" + System.nanoTime());
        ApiClient api = new ApiClient(baseUrl, token);
        ApiClient probe = new ApiClient(baseUrl, null);
        String watched = api.post("/api/threads", Map.of()).json().path("id").asString();
        String unwatched = api.post("/api/threads", Map.of()).json().path("id").asString();
        try (StompTestClient client = StompTestClient.connect(baseUrl.replace("http", "ws") + "/ws", token)) {
            List<JsonNode> errors = client.subscribeAndWait("/user/queue/errors");
            client.subscribeAndWait("/topic/threads/" + watched);
            assertThat(probe.get("/actuator/health/readiness").status()).isEqualTo(200);

            store.pause();
            try {
                assertUnavailable(timed(() -> api.get("/api/threads")));
                assertUnavailable(timed(() -> api.get("/api/threads/" + watched + "/messages")));
                assertUnavailable(timed(() -> api.get("/api/export")));
                assertUnavailable(timed(() -> api.post("/api/threads/" + watched + "/messages",
                        Map.of("content", "sent while the store stalls", "clientMessageId", "stalled-1"))));

                client.send("/app/threads/" + watched + "/messages", Map.of("content", "over STOMP", "clientMessageId",
                        "stomp-1"));
                client.send("/app/threads/" + unwatched + "/messages", Map.of("content", "to a thread not checked yet",
                        "clientMessageId", "stomp-2"));
                client.subscribe("/topic/threads/" + unwatched);
                await().atMost(Duration.ofSeconds(12)).until(() -> errors.size() >= 3);
                assertThat(errors).allSatisfy(error -> assertThat(error.path("code").asString()).isEqualTo("unavailable"));
                assertThat(errors.stream().map(error -> error.path("clientMessageId").asString()))
                        .contains("stomp-1", "stomp-2");
                assertThat(errors.stream().map(error -> error.path("destination").asString()))
                        .contains("/topic/threads/" + unwatched);

                ApiClient.Response readiness = timed(() -> probe.get("/actuator/health/readiness"));
                assertThat(readiness.status()).isEqualTo(503);
                assertThat(probe.get("/actuator/health/liveness").status()).isEqualTo(200);
                assertThat(client.isConnected()).isTrue();
            }
            finally {
                store.resume();
            }

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> probe.get("/actuator/health/readiness").status() == 200);
            assertThat(api.post("/api/threads/" + watched + "/messages", Map.of("content", "sent while the store stalls",
                    "clientMessageId", "stalled-1")).status()).isEqualTo(202);
            client.sendWithReceipt("/app/threads/" + unwatched + "/messages", Map.of("content", "to a thread not checked yet",
                    "clientMessageId", "stomp-2")).join();
            client.subscribeAndWait("/topic/threads/" + unwatched);
            assertThat(userMessages(api, watched)).containsOnlyOnce("sent while the store stalls");
            assertThat(userMessages(api, unwatched)).containsExactly("to a thread not checked yet");
            assertThat(api.get("/api/export").json().path("threads").findValuesAsString("content"))
                    .contains("sent while the store stalls", "to a thread not checked yet");
            assertThat(client.isConnected()).isTrue();
        }
    }

    private static List<String> userMessages(ApiClient api, String threadId) {
        return api.get("/api/threads/" + threadId + "/messages").json().path("items").valueStream()
                .filter(message -> "user".equals(message.path("role").asString()))
                .map(message -> message.path("content").asString()).toList();
    }

    private static void assertUnavailable(ApiClient.Response response) {
        assertThat(response.status()).isEqualTo(503);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo("unavailable");
        assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
    }

    private static ApiClient.Response timed(Supplier<ApiClient.Response> call) {
        long started = System.nanoTime();
        ApiClient.Response response = call.get();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThanOrEqualTo(ANSWER_WITHIN);
        return response;
    }
}

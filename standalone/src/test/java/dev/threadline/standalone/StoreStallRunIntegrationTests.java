package dev.threadline.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import com.mongodb.ConnectionString;
import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TcpProxy;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import dev.threadline.worker.WorkerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static dev.threadline.standalone.ThreadEventLists.deltas;
import static dev.threadline.standalone.ThreadEventLists.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The store stalls for longer than the driver's heartbeat timeout while an answer streams, for gateway and
 * worker alike (both reach it through one proxy that holds every byte): the answer keeps streaming, the
 * gateway answers {@code 503} and is not ready, and when the store answers again the run ends with its
 * whole text and exactly one terminal event, and the thread takes the next message.
 */
class StoreStallRunIntegrationTests {

    private static final int TOKENS = 100;
    private static final Duration TOKEN_INTERVAL = Duration.ofMillis(100);
    /**
     * The driver's heartbeat period and its timeout, set short through the connection string (both 10 s by
     * default) so that a stall longer than both fits in a few seconds.
     */
    private static final String HEARTBEAT = "heartbeatFrequencyMS=2000&connectTimeoutMS=2000";
    /** Longer than the driver's heartbeat period and timeout together: both clients see the server go and come back. */
    private static final Duration STALL = Duration.ofSeconds(8);

    private static final FakeOpenAiServer model = new FakeOpenAiServer();
    private static TcpProxy store;
    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        String rabbitUri = TestServices.rabbitUri();
        DistributedHarness.purgeLeftoverRuns(rabbitUri);
        ConnectionString direct = new ConnectionString(TestServices.mongoUri());
        String hostAndPort = direct.getHosts().getFirst();
        int colon = hostAndPort.lastIndexOf(':');
        store = new TcpProxy(hostAndPort.substring(0, colon), Integer.parseInt(hostAndPort.substring(colon + 1)));
        String proxied = direct.getConnectionString().replace(hostAndPort, "127.0.0.1:" + store.port())
                + (direct.getConnectionString().contains("?") ? "&" : "?") + HEARTBEAT;
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + rabbitUri, "--spring.mongodb.uri=" + proxied,
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET);
        worker = WorkerApplication.builder().run("--spring.main.banner-mode=off", "--spring.rabbitmq.addresses=" + rabbitUri,
                "--spring.mongodb.uri=" + proxied, "--threadline.model.api-key=test-key",
                "--threadline.model.base-url=" + model.baseUrl());
        model.respondWith(request -> new FakeReply.Generated(TOKENS, Duration.ZERO, TOKEN_INTERVAL, i -> "w" + i + " "));
    }

    @AfterAll
    static void stop() {
        worker.close();
        gateway.close();
        store.close();
        model.close();
    }

    @Test
    void anAnswerStreamingWhenTheStoreStallsEndsOnceWithItsWholeTextWhenTheStoreReturns() {
        String expected = IntStream.range(0, TOKENS).mapToObj(i -> "w" + i + " ").collect(Collectors.joining());
        String token = TestTokens.token("stall-run-user");
        String baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
        ApiClient api = new ApiClient(baseUrl, token);
        ApiClient probe = new ApiClient(baseUrl, null);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        try (StompTestClient client = StompTestClient.connect(baseUrl.replace("http", "ws") + "/ws", token)) {
            List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
            assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "Talk for a while"))
                    .status()).isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> deltas(events).length() >= 10 * "w0 ".length());

            store.pause();
            long stalledAt = System.nanoTime();
            try {
                int streamedBefore = deltas(events).length();
                ApiClient.Response refused = api.get("/api/threads/" + threadId + "/messages");
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isNotNull();
                assertThat(probe.get("/actuator/health/readiness").status()).isEqualTo(503);
                await().atMost(Duration.ofSeconds(30)).until(() -> deltas(events).equals(expected)
                        && Duration.ofNanos(System.nanoTime() - stalledAt).compareTo(STALL) >= 0);
                assertThat(streamedBefore).isLessThan(expected.length());
                assertThat(types(events)).doesNotContain("run.completed", "run.failed", "run.cancelled");
            }
            finally {
                store.resume();
            }

            await().atMost(Duration.ofSeconds(60)).until(() -> terminal(events) > 0);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> probe.get("/actuator/health/readiness").status() == 200);
            assertThat(types(events)).contains("run.completed");
            JsonNode created = events.stream().filter(e -> "message.created".equals(e.path("type").asString())
                    && "assistant".equals(e.path("message").path("role").asString())).findFirst().orElseThrow();
            assertThat(created.path("message").path("content").asString()).isEqualTo(expected);
            JsonNode stored = api.get("/api/threads/" + threadId + "/messages").json().path("items").get(0);
            assertThat(stored.path("content").asString()).isEqualTo(expected);
            assertThat(stored.path("status").asString()).isEqualTo("complete");

            model.respondWith(request -> FakeReply.text("And ", "again."));
            assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "Once more")).status())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(30)).until(() -> terminal(events) == 2);
            assertThat(events.stream().filter(e -> "run.completed".equals(e.path("type").asString())).count())
                    .isEqualTo(2);
        }
    }

    private static long terminal(List<JsonNode> events) {
        return types(events).stream().filter(type -> type.equals("run.completed") || type.equals("run.failed")
                || type.equals("run.cancelled")).count();
    }
}

package dev.threadline.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.RecordedRequest;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Operations: a client's W3C trace context travels gateway → AMQP → worker → model call; Prometheus
 * shows the run, relay and session metrics (the gateway's only to a token with the {@code metrics}
 * scope); a worker running as its own process serves health probes and metrics on its management port.
 */
class ObservabilityIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static DistributedHarness harness;

    @BeforeAll
    static void start() {
        harness = new DistributedHarness("responses");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void theClientsTraceReachesTheModelCallThroughTheBrokerAndTheWorker() {
        harness.model.respondWith(request -> FakeReply.text("Traced ", "answer."));
        String traceId = hex(16);
        String clientSpan = hex(8);
        ApiClient api = new ApiClient(harness.httpUrl(), TestTokens.token("tracer-" + UUID.randomUUID()))
                .withHeader("traceparent", "00-" + traceId + "-" + clientSpan + "-01");
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();

        assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "trace me")).status())
                .isEqualTo(202);

        await().atMost(TIMEOUT).until(() -> modelCallOf(traceId) != null);
        RecordedRequest call = modelCallOf(traceId);
        assertThat(call.traceparent()).matches("00-" + traceId + "-[0-9a-f]{16}-01");
        assertThat(call.traceparent()).doesNotContain(clientSpan);
        assertThat(call.lastUserText()).isEqualTo("trace me");
    }

    @Test
    void prometheusShowsRunMetricsOnTheWorkerAndSessionAndRelayMetricsOnTheGateway() throws IOException {
        harness.model.respondWith(request -> request.lastUserText().equals("fail")
                ? FakeReply.error(400, "bad request for the metrics test") : FakeReply.text("Measured ", "answer."));
        String user = "metrics-" + UUID.randomUUID();
        ApiClient api = new ApiClient(harness.httpUrl(), TestTokens.token(user));
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        try (StompTestClient client = StompTestClient.connect(harness.wsUrl(), TestTokens.token(user))) {
            List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
            api.post("/api/threads/" + threadId + "/messages", Map.of("content", "measure me"));
            await().atMost(TIMEOUT).until(() -> count(events, "run.completed") == 1);
            api.post("/api/threads/" + threadId + "/messages", Map.of("content", "fail"));
            await().atMost(TIMEOUT).until(() -> count(events, "run.failed") == 1);

            String worker = harness.worker.getBean(PrometheusMeterRegistry.class).scrape();
            Files.writeString(Files.createDirectories(Path.of("target")).resolve("worker-scrape.txt"), worker);
            assertThat(worker).containsPattern("threadline_run_duration_seconds_count\\{[^}]*outcome=\"completed\"[^}]*} [1-9]")
                    .containsPattern("threadline_run_duration_seconds_count\\{[^}]*outcome=\"failed\"[^}]*} [1-9]")
                    .containsPattern("threadline_model_errors_total\\{[^}]*code=\"[a-z_]+\"[^}]*} [1-9]")
                    .containsPattern("(?m)^threadline_run_first_token_seconds_count(\\{[^}]*})? [1-9]")
                    .containsPattern("(?m)^threadline_run_output_tokens_total(\\{[^}]*})? [1-9]")
                    .containsPattern("(?m)^threadline_run_tokens_per_second_count(\\{[^}]*})? [1-9]")
                    .containsPattern("(?m)^threadline_runs_active(\\{[^}]*})? 0")
                    .containsPattern("(?m)^threadline_runs_queue_depth(\\{[^}]*})? [0-9]");

            ApiClient.Response gateway = new ApiClient(harness.httpUrl(), TestTokens.withScope("prometheus", "metrics"))
                    .get("/actuator/prometheus");
            assertThat(gateway.status()).isEqualTo(200);
            assertThat(gateway.body()).containsPattern("(?m)^threadline_stomp_sessions(\\{[^}]*})? [1-9]")
                    .containsPattern("(?m)^threadline_relay_threads(\\{[^}]*})? [1-9]")
                    .containsPattern("(?m)^threadline_relay_lag_seconds_count(\\{[^}]*})? [1-9]");
        }
        assertThat(new ApiClient(harness.httpUrl(), null).get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(new ApiClient(harness.httpUrl(), TestTokens.token(user)).get("/actuator/prometheus").status())
                .isEqualTo(403);
    }

    @Test
    void theGatewayIsReadyWhenItsBrokerAndStoreAre() {
        ApiClient anonymous = new ApiClient(harness.httpUrl(), null);
        ApiClient.Response readiness = anonymous.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().path("status").asString()).isEqualTo("UP");
        assertThat(anonymous.get("/actuator/health/liveness").json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void aWorkerProcessServesProbesAndMetricsOnItsManagementPort() throws Exception {
        int port = freePort();
        try (WorkerProcess worker = WorkerProcess.start(Map.of("RABBITMQ_URI", harness.rabbitUri, "MONGODB_URI",
                harness.mongoUri, "OPENAI_API_KEY", "test-key", "OPENAI_BASE_URL", harness.model.baseUrl(),
                "WORKER_MANAGEMENT_PORT", Integer.toString(port)))) {
            ApiClient management = new ApiClient("http://127.0.0.1:" + port, null);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> statusOf(management, "/actuator/health/readiness") == 200);
            assertThat(management.get("/actuator/health/readiness").json().path("status").asString()).isEqualTo("UP");
            assertThat(management.get("/actuator/health/liveness").json().path("status").asString()).isEqualTo("UP");
            ApiClient.Response scrape = management.get("/actuator/prometheus");
            assertThat(scrape.status()).as(worker.log()).isEqualTo(200);
            assertThat(scrape.body()).contains("threadline_runs_queue_depth", "threadline_runs_active",
                    "jvm_memory_used_bytes");
            assertThat(management.get("/api/threads").status()).isEqualTo(404);
        }
    }

    private static int statusOf(ApiClient client, String path) {
        try {
            return client.get(path).status();
        }
        catch (IllegalStateException notListeningYet) {
            return 0;
        }
    }

    private static RecordedRequest modelCallOf(String traceId) {
        return harness.model.requests().stream()
                .filter(request -> request.traceparent() != null && request.traceparent().contains(traceId))
                .findFirst().orElse(null);
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asString())).count();
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

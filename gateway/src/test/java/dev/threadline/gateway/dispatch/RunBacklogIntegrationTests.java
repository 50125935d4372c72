package dev.threadline.gateway.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.threadline.gateway.TestGateway;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Back-pressure is visible to a client: with no worker consuming, run requests of other threads wait in
 * {@code threadline.runs}, and a new thread's first run is queued behind them — its {@code run.queued}
 * {@code position} counts them, though the thread itself has no run ahead.
 */
class RunBacklogIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int OTHER_THREADS = 5;

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start("--threadline.dispatch.backlog-sample-interval=100ms");
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aNewThreadsRunIsQueuedBehindTheRunsWaitingForAWorker() {
        RunBacklog backlog = gateway.bean(RunBacklog.class);
        int before = backlog.waiting();
        for (int i = 0; i < OTHER_THREADS; i++) {
            ApiClient other = new ApiClient(gateway.baseUrl(), TestTokens.token("backlog-" + UUID.randomUUID()));
            String otherThread = other.post("/api/threads", Map.of()).json().path("id").asString();
            assertThat(other.post("/api/threads/" + otherThread + "/messages", Map.of("content", "waiting " + i)).status())
                    .isEqualTo(202);
        }
        String token = TestTokens.token("backlog-" + UUID.randomUUID());
        ApiClient user = new ApiClient(gateway.baseUrl(), token);
        await("the backlog sampled").atMost(WAIT).until(() -> backlog.waiting() >= before + OTHER_THREADS);
        String threadId = user.post("/api/threads", Map.of()).json().path("id").asString();
        try (StompTestClient client = StompTestClient.connect(gateway.wsUrl(), token)) {
            List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);

            assertThat(user.post("/api/threads/" + threadId + "/messages", Map.of("content", "mine")).status()).isEqualTo(202);

            await("run.queued").atMost(WAIT).until(() -> events.stream().anyMatch(RunBacklogIntegrationTests::queued));
            JsonNode queued = events.stream().filter(RunBacklogIntegrationTests::queued).findFirst().orElseThrow();
            assertThat(queued.path("position").asInt()).isGreaterThanOrEqualTo(before + OTHER_THREADS);
        }
    }

    private static boolean queued(JsonNode event) {
        return "run.queued".equals(event.path("type").asString());
    }
}

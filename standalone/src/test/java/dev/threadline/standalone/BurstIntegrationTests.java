package dev.threadline.standalone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.threadline.gateway.relay.ThreadEventRelay;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many users arriving, or leaving, at once: their SUBSCRIBEs (each binding a new thread on the relay
 * queue), SENDs (each published with a confirm) and disconnects (each unbinding a thread) run
 * concurrently; every request is served — none refused because the gateway ran out of broker channels —
 * and no binding outlives the last session watching its thread.
 */
class BurstIntegrationTests {

    private static final int USERS = 250;
    private static final int THREADS_EACH = 2;

    private static DistributedHarness harness;

    @BeforeAll
    static void start() {
        harness = new DistributedHarness("responses");
        harness.model.respondWith(request -> FakeReply.text("Fine."));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void everySubscriptionAndMessageOfABurstIsServed() throws Exception {
        List<StompTestClient> clients = new ArrayList<>();
        List<List<JsonNode>> events = new ArrayList<>();
        List<String> threads = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            String token = TestTokens.token("burst-" + user);
            ApiClient api = new ApiClient(harness.httpUrl(), token);
            StompTestClient client = StompTestClient.connect(harness.wsUrl(), token);
            clients.add(client);
            for (int t = 0; t < THREADS_EACH; t++) {
                threads.add(api.post("/api/threads", Map.of()).json().path("id").asString());
            }
        }
        try (ExecutorService all = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<List<List<JsonNode>>>> subscribed = new ArrayList<>();
            for (int user = 0; user < USERS; user++) {
                StompTestClient client = clients.get(user);
                List<String> own = threads.subList(user * THREADS_EACH, (user + 1) * THREADS_EACH);
                subscribed.add(CompletableFuture.supplyAsync(() -> own.stream()
                        .map(thread -> client.subscribeAndWait("/topic/threads/" + thread)).toList(), all));
            }
            subscribed.forEach(subscription -> events.addAll(subscription.join()));
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (int user = 0; user < USERS; user++) {
                StompTestClient client = clients.get(user);
                List<String> own = threads.subList(user * THREADS_EACH, (user + 1) * THREADS_EACH);
                sent.add(CompletableFuture.runAsync(() -> own.forEach(thread -> client.sendWithReceipt(
                        "/app/threads/" + thread + "/messages", Map.of("content", "hello")).join()), all));
            }
            sent.forEach(CompletableFuture::join);
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> events.stream().allMatch(BurstIntegrationTests::completed));
        assertThat(clients).allMatch(StompTestClient::isConnected);
        clients.forEach(StompTestClient::close);
    }

    @Test
    void sessionsDroppingAllAtOnceDoNotStarveNewOnesAndLeaveNoBindingBehind() throws Exception {
        List<StompTestClient> leaving = new ArrayList<>();
        for (int user = 0; user < USERS; user++) {
            String token = TestTokens.token("leaving-" + user);
            StompTestClient client = StompTestClient.connect(harness.wsUrl(), token);
            client.subscribeAndWait("/topic/threads/" + new ApiClient(harness.httpUrl(), token).post("/api/threads",
                    Map.of()).json().path("id").asString());
            leaving.add(client);
        }
        String token = TestTokens.token("arriving");
        ApiClient api = new ApiClient(harness.httpUrl(), token);
        List<String> threads = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            threads.add(api.post("/api/threads", Map.of()).json().path("id").asString());
        }
        ThreadEventRelay relay = harness.gateway.getBean(ThreadEventRelay.class);

        try (ExecutorService all = Executors.newVirtualThreadPerTaskExecutor();
                StompTestClient arriving = StompTestClient.connect(harness.wsUrl(), token)) {
            leaving.forEach(client -> all.execute(client::close));
            List<List<JsonNode>> events = threads.stream().map(thread -> arriving.subscribeAndWait("/topic/threads/" + thread))
                    .toList();
            threads.forEach(thread -> arriving.sendWithReceipt("/app/threads/" + thread + "/messages",
                    Map.of("content", "still there?")).join());

            await().atMost(Duration.ofSeconds(60)).until(() -> events.stream().allMatch(BurstIntegrationTests::completed));
            await().atMost(Duration.ofSeconds(60)).until(() -> relay.boundThreads().keySet().equals(Set.copyOf(threads)));
        }
    }

    private static boolean completed(List<JsonNode> thread) {
        return thread.stream().anyMatch(event -> "run.completed".equals(event.path("type").asString()));
    }
}

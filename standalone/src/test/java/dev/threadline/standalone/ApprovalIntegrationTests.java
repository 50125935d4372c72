package dev.threadline.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.model.Topology;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.McpTestServer;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tool calls that wait for a person (PROTOCOL.md §13) through a gateway and worker JVMs on the real broker: the
 * assistant {@code buyer} may call {@code shop__buy}, a tool of a real MCP server that needs approval. The run waits
 * holding no worker; its answer, a timeout or a cancel lets a worker take it up again, whichever worker that is, and
 * the tool runs at most once per approved call, whatever dies or races meanwhile.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApprovalIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final Duration APPROVAL_TIMEOUT = Duration.ofSeconds(6);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final FakeOpenAiServer model = new FakeOpenAiServer();
    private static final String mongoUri = TestServices.mongoUri();
    private static BrokerBounce broker;
    private static McpTestServer shop;
    private static ConfigurableApplicationContext gateway;
    private static WorkerProcess worker;

    private StompTestClient client;

    @BeforeAll
    static void start() throws Exception {
        DistributedHarness.purgeLeftoverRuns(TestServices.rabbitUri());
        broker = new BrokerBounce(TestServices.rabbitUri());
        shop = McpTestServer.start("shop").textTool("buy", "Buys an item", arguments -> "bought " + arguments.get("item"));
        model.respondWith(request -> request.instructions().contains("title of at most six words") ? FakeReply.text("Shop")
                : request.toolOutputs().isEmpty() ? FakeReply.toolCall("call-" + request.lastUserText().hashCode(),
                        "shop__buy", "{\"item\":\"" + request.lastUserText() + "\"}")
                : FakeReply.text("Done: " + request.toolOutputs().values().iterator().next()));
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + broker.address(), "--spring.mongodb.uri=" + mongoUri,
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET);
        assertThat(new ApiClient(httpUrl(), TestTokens.admin("shop-admin")).post("/api/assistants", Map.of(
                "name", "buyer", "description", "Buys what you ask for", "instructions", "Buy what the user asks for.",
                "tools", List.of("shop__buy"))).status()).isIn(200, 201);
        worker = startWorker();
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        gateway.close();
        shop.close();
        model.close();
        broker.close();
    }

    @AfterEach
    void closeClient() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    @Order(1)
    void approvedAfterTheWorkerThatAskedWasKilledTheToolRunsOnceOnAnotherWorkerAndTheRunEndsOnce() throws Exception {
        Waiting waiting = sendAndAwaitApproval("alice-" + System.nanoTime(), "a wool coat");

        worker.kill();
        ApiClient.Response approved = waiting.api().post(approvals(waiting), Map.of("callId", waiting.callId(),
                "approved", true));
        assertThat(approved.status()).isEqualTo(202);
        assertThat(waiting.api().get("/api/threads/" + waiting.threadId() + "/runs/" + waiting.runId()).json()
                .path("status").asString()).as("answered, and no worker alive to take it up").isEqualTo("awaiting_approval");
        worker = startWorker();

        await().atMost(TIMEOUT).until(() -> terminals(waiting.events()) >= 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> terminals(waiting.events()) == 1);
        assertThat(types(waiting.events())).containsSubsequence("run.started", "tool.call", "tool.approval_requested",
                "tool.approval_resolved", "tool.result", "message.created", "run.completed");
        assertThat(runEvents(waiting)).extracting(event -> event.path("seq").asLong())
                .as("one attempt numbered on across the wait and the worker change")
                .isEqualTo(LongStream.rangeClosed(1, runEvents(waiting).size()).boxed().toList());
        assertThat(shop.calls()).filteredOn(call -> "a wool coat".equals(call.arguments().get("item"))).hasSize(1);
        assertThat(answer(waiting).path("content").asString()).isEqualTo("Done: bought a wool coat");
    }

    @Test
    @Order(2)
    void deniedOverStompTheToolDoesNotRunAndTheModelIsToldTheUserDeclined() {
        Waiting waiting = sendAndAwaitApproval("bob-" + System.nanoTime(), "a fur hat");

        client.send("/app/threads/" + waiting.threadId() + "/approvals", Map.of("callId", waiting.callId(),
                "approved", false, "reason", "no fur"));

        await().atMost(TIMEOUT).until(() -> terminals(waiting.events()) == 1);
        JsonNode resolved = find(waiting.events(), "tool.approval_resolved");
        assertThat(resolved.path("approved").asBoolean()).isFalse();
        assertThat(resolved.path("userId").asString()).isEqualTo(waiting.user());
        assertThat(find(waiting.events(), "tool.result").path("error").asString()).contains("declined").contains("no fur");
        assertThat(shop.calls()).noneMatch(call -> "a fur hat".equals(call.arguments().get("item")));
        assertThat(find(waiting.events(), "run.completed")).isNotNull();
    }

    @Test
    @Order(3)
    void unansweredTheCallTimesOutAsADenial() {
        Waiting waiting = sendAndAwaitApproval("carol-" + System.nanoTime(), "a silk scarf");

        await().atMost(APPROVAL_TIMEOUT.plus(TIMEOUT)).until(() -> terminals(waiting.events()) == 1);

        JsonNode resolved = find(waiting.events(), "tool.approval_resolved");
        assertThat(resolved.path("approved").asBoolean()).isFalse();
        assertThat(resolved.path("timedOut").asBoolean()).isTrue();
        assertThat(resolved.has("userId")).isFalse();
        assertThat(find(waiting.events(), "tool.result").path("error").asString()).contains("in time");
        assertThat(shop.calls()).noneMatch(call -> "a silk scarf".equals(call.arguments().get("item")));
        assertThat(waiting.api().post(approvals(waiting), Map.of("callId", waiting.callId(), "approved", true)).status())
                .as("too late").isEqualTo(409);
    }

    @Test
    @Order(4)
    void cancelledWhileWaitingTheRunEndsCancelledAndTheToolNeverRuns() {
        Waiting waiting = sendAndAwaitApproval("dave-" + System.nanoTime(), "a linen shirt");

        assertThat(waiting.api().post("/api/threads/" + waiting.threadId() + "/runs/" + waiting.runId() + "/cancel", null)
                .status()).isEqualTo(202);

        await().atMost(TIMEOUT).until(() -> terminals(waiting.events()) == 1);
        assertThat(find(waiting.events(), "run.cancelled").path("seq").asLong())
                .isEqualTo(find(waiting.events(), "tool.approval_requested").path("seq").asLong() + 1);
        assertThat(waiting.api().post(approvals(waiting), Map.of("callId", waiting.callId(), "approved", true)).status())
                .isEqualTo(409);
        assertThat(shop.calls()).noneMatch(call -> "a linen shirt".equals(call.arguments().get("item")));
        assertThat(answer(waiting).path("status").asString()).isEqualTo("cancelled");
    }

    @Test
    @Order(5)
    void twoRacingAnswersTheFirstWinsTheSecondGets409AndTheToolRunsAtMostOnce() {
        Waiting waiting = sendAndAwaitApproval("erin-" + System.nanoTime(), "a tweed cap");
        ApiClient other = new ApiClient(httpUrl(), TestTokens.token(waiting.user()));

        CompletableFuture<ApiClient.Response> approve = CompletableFuture.supplyAsync(() -> waiting.api()
                .post(approvals(waiting), Map.of("callId", waiting.callId(), "approved", true)));
        CompletableFuture<ApiClient.Response> deny = CompletableFuture.supplyAsync(() -> other
                .post(approvals(waiting), Map.of("callId", waiting.callId(), "approved", false)));

        List<Integer> statuses = List.of(approve.join().status(), deny.join().status());
        assertThat(statuses).containsExactlyInAnyOrder(202, 409);
        boolean approvedWon = approve.join().status() == 202;
        await().atMost(TIMEOUT).until(() -> terminals(waiting.events()) == 1);
        assertThat(waiting.events()).filteredOn(event -> "tool.approval_resolved".equals(event.path("type").asString()))
                .singleElement().satisfies(event -> assertThat(event.path("approved").asBoolean()).isEqualTo(approvedWon));
        assertThat(shop.calls()).filteredOn(call -> "a tweed cap".equals(call.arguments().get("item")))
                .hasSize(approvedWon ? 1 : 0);
    }

    @Test
    @Order(6)
    void answeredWhileTheBrokerIsDownTheAnswerStandsAndTheRunContinuesOnceItIsBack() {
        Waiting waiting = sendAndAwaitApproval("frank-" + System.nanoTime(), "a rain coat");

        broker.stop();
        ApiClient.Response approved;
        try {
            approved = waiting.api().post(approvals(waiting), Map.of("callId", waiting.callId(), "approved", true));
        }
        finally {
            broker.start();
        }

        assertThat(approved.status()).as("the answer is in the store; the request to continue follows").isEqualTo(202);
        await().atMost(TIMEOUT).until(() -> "completed".equals(waiting.api()
                .get("/api/threads/" + waiting.threadId() + "/runs/" + waiting.runId()).json().path("status").asString()));
        assertThat(shop.calls()).filteredOn(call -> "a rain coat".equals(call.arguments().get("item"))).hasSize(1);
        assertThat(answer(waiting).path("content").asString()).isEqualTo("Done: bought a rain coat");
    }

    @Test
    @Order(7)
    void aMemberAnswersAStrangerCannotAndBadAnswersAreRefused() {
        Waiting waiting = sendAndAwaitApproval("gina-" + System.nanoTime(), "a denim jacket");
        ApiClient stranger = new ApiClient(httpUrl(), TestTokens.token("mallory-" + System.nanoTime()));

        assertThat(stranger.post(approvals(waiting), Map.of("callId", waiting.callId(), "approved", true)).status())
                .isEqualTo(404);
        assertThat(waiting.api().post(approvals(waiting), Map.of("callId", waiting.callId())).status()).isEqualTo(400);
        assertThat(waiting.api().post(approvals(waiting), Map.of("callId", "call-unknown", "approved", true)).status())
                .isEqualTo(409);
        JsonNode run = waiting.api().get("/api/threads/" + waiting.threadId() + "/runs/" + waiting.runId()).json();
        assertThat(run.path("status").asString()).isEqualTo("awaiting_approval");
        assertThat(run.path("approval").path("tool").asString()).isEqualTo("shop__buy");
        assertThat(run.path("approval").path("arguments").path("item").asString()).isEqualTo("a denim jacket");

        String member = "hank-" + System.nanoTime();
        assertThat(waiting.api().post("/api/threads/" + waiting.threadId() + "/members", Map.of("userId", member))
                .status()).isEqualTo(204);
        assertThat(new ApiClient(httpUrl(), TestTokens.token(member)).post(approvals(waiting),
                Map.of("callId", waiting.callId(), "approved", true)).status()).as("a member answers").isEqualTo(202);
        await().atMost(TIMEOUT).until(() -> terminals(waiting.events()) == 1);
        assertThat(find(waiting.events(), "tool.approval_resolved").path("userId").asString()).isEqualTo(member);
        assertThat(shop.calls()).filteredOn(call -> "a denim jacket".equals(call.arguments().get("item"))).hasSize(1);
    }

    private Waiting sendAndAwaitApproval(String user, String item) {
        ApiClient api = new ApiClient(httpUrl(), TestTokens.token(user));
        String threadId = api.post("/api/threads", Map.of("assistant", "buyer")).json().path("id").asString();
        client = StompTestClient.connect(wsUrl(), TestTokens.token(user));
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
        ApiClient.Response sent = api.post("/api/threads/" + threadId + "/messages", Map.of("content", item));
        assertThat(sent.status()).isEqualTo(202);
        await().atMost(TIMEOUT).until(() -> events.stream()
                .anyMatch(event -> "tool.approval_requested".equals(event.path("type").asString())));
        JsonNode requested = find(events, "tool.approval_requested");
        assertThat(requested.path("tool").asString()).isEqualTo("shop__buy");
        assertThat(requested.path("arguments").path("item").asString()).isEqualTo(item);
        assertThat(shop.calls()).noneMatch(call -> item.equals(call.arguments().get("item")));
        return new Waiting(user, api, threadId, requested.path("runId").asString(), requested.path("callId").asString(),
                events);
    }

    private static WorkerProcess startWorker() throws Exception {
        String servers = JSON.writeValueAsString(List.of(Map.of("name", "shop", "url", shop.url())));
        WorkerProcess started = WorkerProcess.start(Map.of("RABBITMQ_URI", broker.address(), "MONGODB_URI", mongoUri,
                "OPENAI_API_KEY", "test-key", "OPENAI_BASE_URL", model.baseUrl(), "MCP_SERVERS", servers),
                "--spring.main.banner-mode=off", "--threadline.approvals.timeout=" + APPROVAL_TIMEOUT.toSeconds() + "s",
                "--threadline.approvals.sweep-interval=500ms", "--threadline.approvals.redispatch-after=2s");
        CachingConnectionFactory connections = new CachingConnectionFactory(java.net.URI.create(TestServices.rabbitUri()));
        try {
            RabbitAdmin admin = new RabbitAdmin(connections);
            await().atMost(TIMEOUT).until(() -> {
                QueueInformation runs = admin.getQueueInfo(Topology.RUNS_QUEUE);
                return runs != null && runs.getConsumerCount() >= 1 || !started.process().isAlive();
            });
        }
        finally {
            connections.destroy();
        }
        assertThat(started.process().isAlive()).as(started.log()).isTrue();
        return started;
    }

    private static String approvals(Waiting waiting) {
        return "/api/threads/" + waiting.threadId() + "/runs/" + waiting.runId() + "/approvals";
    }

    private static JsonNode answer(Waiting waiting) {
        JsonNode items = waiting.api().get("/api/threads/" + waiting.threadId() + "/messages").json().path("items");
        List<JsonNode> answers = new CopyOnWriteArrayList<>();
        items.forEach(item -> {
            if ("assistant".equals(item.path("role").asString())) {
                answers.add(item);
            }
        });
        assertThat(answers).hasSize(1);
        return answers.getFirst();
    }

    private static List<JsonNode> runEvents(Waiting waiting) {
        return waiting.events().stream().filter(event -> waiting.runId().equals(event.path("runId").asString())
                && event.has("seq")).toList();
    }

    private static long terminals(List<JsonNode> events) {
        return events.stream().filter(event -> List.of("run.completed", "run.failed", "run.cancelled")
                .contains(event.path("type").asString())).count();
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(event -> event.path("type").asString()).toList();
    }

    private static JsonNode find(List<JsonNode> events, String type) {
        return events.stream().filter(event -> type.equals(event.path("type").asString())).findFirst().orElseThrow();
    }

    private static String httpUrl() {
        return "http://127.0.0.1:" + port();
    }

    private static String wsUrl() {
        return "ws://127.0.0.1:" + port() + "/ws";
    }

    private static int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    private record Waiting(String user, ApiClient api, String threadId, String runId, String callId,
            List<JsonNode> events) {
    }
}

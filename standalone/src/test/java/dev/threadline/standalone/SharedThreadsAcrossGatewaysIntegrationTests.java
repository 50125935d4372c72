package dev.threadline.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.threadline.common.search.SearchEntry;
import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import dev.threadline.worker.WorkerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Shared threads across the deployment (PROTOCOL.md §14): presence spans two gateways, one of them a separate
 * JVM that is killed with SIGKILL — its user leaves presence within the entry lifetime and a {@code presence}
 * event tells the client on the surviving gateway; and a member's message runs through gateway, worker and model
 * like the owner's. Presence is refreshed every 500 ms and lives 2 s here.
 */
class SharedThreadsAcrossGatewaysIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LIFETIME = Duration.ofSeconds(2);
    private static final List<String> PRESENCE = List.of("--threadline.presence.refresh-interval=500ms",
            "--threadline.presence.lifetime=" + LIFETIME.toMillis() + "ms");
    private static final List<String> TOKENS = IntStream.range(0, 30).mapToObj(i -> "w" + i + " ").toList();

    private static final FakeOpenAiServer model = new FakeOpenAiServer();
    private static final String rabbitUri = TestServices.rabbitUri();
    private static final String mongoUri = TestServices.mongoUri();
    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext worker;
    private static GatewayProcess doomed;

    @BeforeAll
    static void start() throws Exception {
        DistributedHarness.purgeLeftoverRuns(rabbitUri);
        model.respondWith(request -> FakeReply.text(TOKENS, Duration.ofMillis(10)));
        List<String> common = List.of("--spring.rabbitmq.addresses=" + rabbitUri, "--spring.mongodb.uri=" + mongoUri,
                "--spring.main.banner-mode=off");
        List<String> gatewayArgs = new java.util.ArrayList<>(common);
        gatewayArgs.addAll(List.of("--server.port=0", "--threadline.auth.jwt-secret=" + TestTokens.SECRET));
        gatewayArgs.addAll(PRESENCE);
        gateway = GatewayApplication.builder().run(gatewayArgs.toArray(String[]::new));
        List<String> workerArgs = new java.util.ArrayList<>(common);
        workerArgs.addAll(List.of("--threadline.model.api-key=test-key", "--threadline.model.base-url=" + model.baseUrl(),
                "--threadline.model.api=responses", "--threadline.model.max-retries=1"));
        worker = WorkerApplication.builder().run(workerArgs.toArray(String[]::new));
        doomed = GatewayProcess.start(Map.of("RABBITMQ_URI", rabbitUri, "MONGODB_URI", mongoUri, "JWT_SECRET",
                TestTokens.SECRET), PRESENCE.toArray(String[]::new));
    }

    @AfterAll
    static void stop() {
        doomed.close();
        worker.close();
        gateway.close();
        model.close();
    }

    @Test
    void theUserOfAKilledGatewayLeavesPresenceWithinTheLifetimeAndTheSurvivingGatewaysClientIsTold() throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "a-owner-" + suffix;
        String member = "b-member-" + suffix;
        String threadId = sharedThread(owner, member);
        String topic = "/topic/threads/" + threadId;
        try (StompTestClient ownerClient = StompTestClient.connect(wsUrl(), TestTokens.token(owner));
                StompTestClient memberClient = StompTestClient.connect(doomed.wsUrl(), TestTokens.token(member))) {
            List<JsonNode> events = ownerClient.subscribeAndWait(topic);
            memberClient.subscribeAndWait(topic);
            await().atMost(TIMEOUT).until(() -> presence(events).contains(List.of(owner, member) + "/2"));
            JsonNode both = new ApiClient(doomed.httpUrl(), TestTokens.token(member))
                    .get("/api/threads/" + threadId + "/presence").json();
            assertThat(both.path("users").valueStream().map(JsonNode::asString)).containsExactly(owner, member);

            doomed.kill();
            long killedAt = System.nanoTime();

            await().atMost(TIMEOUT).until(() -> presence(events).getLast().equals(List.of(owner) + "/1"));
            assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).as("gone within the lifetime, plus a sweep")
                    .isLessThan(LIFETIME.plusSeconds(3));
            JsonNode left = api(owner).get("/api/threads/" + threadId + "/presence").json();
            assertThat(left.path("users").valueStream().map(JsonNode::asString)).containsExactly(owner);
            assertThat(left.path("sessions").asInt()).isEqualTo(1);
        }
    }

    @Test
    void aMembersMessageOnASharedThreadIsAnsweredThroughWorkerAndModelAndStreamedToBoth() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String owner = "a-owner-" + suffix;
        String member = "b-member-" + suffix;
        String threadId = sharedThread(owner, member);
        String topic = "/topic/threads/" + threadId;
        try (StompTestClient ownerClient = StompTestClient.connect(wsUrl(), TestTokens.token(owner));
                StompTestClient memberClient = StompTestClient.connect(wsUrl(), TestTokens.token(member))) {
            List<JsonNode> ownerEvents = ownerClient.subscribeAndWait(topic);
            List<JsonNode> memberEvents = memberClient.subscribeAndWait(topic);
            memberClient.sendWithReceipt("/app/threads/" + threadId + "/messages",
                    Map.of("content", "What should we wear to the wedding?", "clientMessageId", "wedding")).join();

            await().atMost(TIMEOUT).until(() -> completed(memberEvents) && completed(ownerEvents));
            for (List<JsonNode> events : List.of(memberEvents, ownerEvents)) {
                assertThat(String.join("", events.stream().filter(e -> "message.delta".equals(e.path("type").asString()))
                        .map(e -> e.path("delta").asString()).toList())).isEqualTo(String.join("", TOKENS));
            }
            JsonNode question = memberEvents.stream().filter(e -> "message.created".equals(e.path("type").asString()))
                    .findFirst().orElseThrow().path("message");
            assertThat(question.path("author").asString()).isEqualTo(member);
        }
        JsonNode history = api(owner).get("/api/threads/" + threadId + "/messages").json().path("items");
        assertThat(history.valueStream().map(m -> m.path("author").asString() + ":" + m.path("status").asString()))
                .hasSize(2).last().isEqualTo(member + ":complete");
        assertThat(history.get(0).path("content").asString()).isEqualTo(String.join("", TOKENS));
        MongoTemplate mongo = worker.getBean(MongoTemplate.class);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(mongo.find(Query.query(Criteria.where("threadId")
                .is(threadId)), SearchEntry.class, SearchEntry.COLLECTION))
                .as("the answer is indexed for the thread's owner, as the question is").hasSize(3)
                .allSatisfy(entry -> assertThat(entry.ownerId()).isEqualTo(owner)));
    }

    private static String sharedThread(String owner, String member) {
        String threadId = api(owner).post("/api/threads", Map.of("title", "Our wedding")).json().path("id").asString();
        assertThat(api(owner).post("/api/threads/" + threadId + "/members", Map.of("userId", member)).status())
                .isEqualTo(204);
        return threadId;
    }

    private static boolean completed(List<JsonNode> events) {
        return events.stream().anyMatch(e -> "run.completed".equals(e.path("type").asString()));
    }

    /** The presence events received, each as "[users]/sessions". */
    private static List<String> presence(List<JsonNode> events) {
        return events.stream().filter(e -> "presence".equals(e.path("type").asString()))
                .map(e -> e.path("users").valueStream().map(JsonNode::asString).toList() + "/" + e.path("sessions").asInt())
                .toList();
    }

    private static ApiClient api(String user) {
        return new ApiClient(httpUrl(), TestTokens.token(user));
    }

    private static String httpUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    private static String wsUrl() {
        return httpUrl().replace("http", "ws") + "/ws";
    }
}

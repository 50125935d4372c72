package dev.threadline.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import dev.threadline.worker.WorkerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import dev.threadline.model.run.Run;
import dev.threadline.gateway.relay.ThreadEventRelay;
import org.springframework.amqp.core.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker goes away mid-answer for the gateway and the worker alike ({@link BrokerBounce}: a real
 * RabbitMQ restart where this machine allows it, else a proxy that cuts every connection) and comes back: the worker keeps the events the broker did
 * not confirm and publishes them again, the gateway's relay queue and its bindings outlive the outage, and
 * the subscriber sees the whole answer, in order, with exactly one terminal event — also when the answer
 * ends while the broker is away.
 */
class BrokerRestartIntegrationTests {

    private static final int TOKENS = 150;

    private static final FakeOpenAiServer model = new FakeOpenAiServer();
    private static final AtomicInteger written = new AtomicInteger();
    private static BrokerBounce broker;
    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext worker;
    private static ApiClient api;
    private static String wsUrl;
    private static String token;

    @BeforeAll
    static void start() {
        String rabbitUri = TestServices.rabbitUri();
        DistributedHarness.purgeLeftoverRuns(rabbitUri);
        broker = new BrokerBounce(rabbitUri);
        String proxied = broker.address();
        String mongoUri = TestServices.mongoUri();
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + proxied, "--spring.mongodb.uri=" + mongoUri,
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET);
        worker = WorkerApplication.builder().run("--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + proxied, "--spring.mongodb.uri=" + mongoUri,
                "--threadline.model.api-key=test-key", "--threadline.model.base-url=" + model.baseUrl());
        model.respondWith(request -> new FakeReply.Generated(TOKENS, Duration.ZERO, Duration.ofMillis(20), i -> {
            written.set(i + 1);
            return "w" + i + " ";
        }));
        token = TestTokens.token("restart-user");
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        api = new ApiClient("http://127.0.0.1:" + port, token);
        wsUrl = "ws://127.0.0.1:" + port + "/ws";
    }

    @AfterEach
    void reconnect() {
        broker.start();
    }

    @AfterAll
    static void stop() {
        worker.close();
        gateway.close();
        broker.close();
        model.close();
    }

    @Test
    void deltasPublishedWhileTheBrokerIsAwayReachTheSubscriberWhenItIsBack() {
        answerAcrossAnOutage(TOKENS / 2);
    }

    @Test
    void anAnswerThatEndsWhileTheBrokerIsAwayCompletesOnceItIsBack() {
        answerAcrossAnOutage(TOKENS);
    }

    /**
     * The run ends and the broker confirms its end while the gateway is not consuming; the broker then
     * restarts. The end was confirmed, so no worker publishes it again: it must still be in the gateway's
     * relay queue when the broker is back.
     */
    @Test
    void anEndTheBrokerConfirmedBeforeARestartReachesTheSubscriberAfterIt() {
        MessageListenerContainer relay = gateway.getBean(RabbitListenerEndpointRegistry.class)
                .getListenerContainer(ThreadEventRelay.RELAY_LISTENER);
        MongoTemplate store = worker.getBean(MongoTemplate.class);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        try (StompTestClient client = StompTestClient.connect(wsUrl, token)) {
            List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
            relay.stop();
            try {
                assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "Talk")).status())
                        .isEqualTo(202);
                await("the run's end confirmed by the broker").atMost(Duration.ofSeconds(30)).until(() -> store.exists(
                        Query.query(Criteria.where("threadId").is(threadId).and("announced").is(true)), Run.class, Run.COLLECTION));
                assertThat(terminals(events)).isEmpty();
                broker.stop();
                broker.start();
            }
            finally {
                relay.start();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> terminals(events).size() == 1);
            assertThat(terminals(events)).singleElement()
                    .satisfies(end -> assertThat(end.path("type").asString()).isEqualTo("run.completed"));
            assertThat(events).filteredOn(e -> "message.created".equals(e.path("type").asString()))
                    .extracting(e -> e.path("message").path("role").asString()).contains("assistant");
        }
    }

    /** Cuts the broker after the first deltas arrived and restores it once the model has written {@code tokensBeforeRestore}. */
    private static void answerAcrossAnOutage(int tokensBeforeRestore) {
        written.set(0);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        try (StompTestClient client = StompTestClient.connect(wsUrl, token)) {
            List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
            assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "Talk for a while")).status())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> count(events, "message.delta") >= 5);

            broker.stop();
            await().atMost(Duration.ofSeconds(20)).until(() -> written.get() >= tokensBeforeRestore);
            broker.start();

            await().atMost(Duration.ofSeconds(30)).until(() -> terminals(events).size() == 1);
            String expected = IntStream.range(0, TOKENS).mapToObj(i -> "w" + i + " ").collect(Collectors.joining());
            assertThat(terminals(events)).singleElement()
                    .satisfies(end -> assertThat(end.path("type").asString()).isEqualTo("run.completed"));
            JsonNode answer = events.stream().filter(e -> "message.created".equals(e.path("type").asString()))
                    .filter(e -> "assistant".equals(e.path("message").path("role").asString())).findFirst().orElseThrow();
            assertThat(answer.path("message").path("content").asString()).isEqualTo(expected);
            List<Long> seqs = events.stream().filter(e -> e.has("seq")).map(e -> e.path("seq").asLong()).toList();
            assertThat(seqs).as("every event of the attempt once, in order, no gap")
                    .isEqualTo(LongStream.rangeClosed(1, seqs.getLast()).boxed().toList());
            assertThat(ThreadEventLists.deltas(events)).isEqualTo(expected);
            JsonNode stored = api.get("/api/threads/" + threadId + "/messages").json().path("items").valueStream()
                    .filter(message -> "assistant".equals(message.path("role").asString())).findFirst().orElseThrow();
            assertThat(stored.path("status").asString()).isEqualTo("complete");
            assertThat(stored.path("content").asString()).isEqualTo(expected);
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> terminals(events).size() == 1);
        }
    }

    private static List<JsonNode> terminals(List<JsonNode> events) {
        return events.stream().filter(e -> e.path("type").asString().matches("run\\.(completed|failed|cancelled)"))
                .toList();
    }

    private static int count(List<JsonNode> events, String type) {
        return (int) events.stream().filter(e -> type.equals(e.path("type").asString())).count();
    }
}

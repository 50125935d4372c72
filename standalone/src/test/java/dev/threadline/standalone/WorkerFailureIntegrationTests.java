package dev.threadline.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.model.Topology;
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
import org.springframework.amqp.core.QueueInformation;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Workers that really die: a worker JVM is killed with SIGKILL mid-answer, or sent SIGTERM, while a
 * client watches the thread. Nothing is lost and nothing is answered twice.
 */
class WorkerFailureIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(40);
    private static final List<String> TOKENS = IntStream.range(0, 80).mapToObj(i -> "t" + i + " ").toList();

    private static final FakeOpenAiServer model = new FakeOpenAiServer();
    private static final String rabbitUri = TestServices.rabbitUri();
    private static final String mongoUri = TestServices.mongoUri();
    private static ConfigurableApplicationContext gateway;
    private static CachingConnectionFactory connections;

    private WorkerProcess process;
    private ConfigurableApplicationContext rescuer;
    private StompTestClient client;

    @BeforeAll
    static void start() {
        DistributedHarness.purgeLeftoverRuns(rabbitUri);
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + rabbitUri, "--spring.mongodb.uri=" + mongoUri,
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET);
        connections = new CachingConnectionFactory(java.net.URI.create(rabbitUri));
        model.respondWith(request -> FakeReply.text(TOKENS, Duration.ofMillis(60)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        connections.destroy();
        model.close();
    }

    @AfterEach
    void cleanUp() {
        if (client != null) {
            client.close();
        }
        if (rescuer != null) {
            rescuer.close();
        }
        if (process != null) {
            process.close();
        }
        model.reset();
        model.respondWith(request -> FakeReply.text(TOKENS, Duration.ofMillis(60)));
    }

    @Test
    void aWorkerKilledMidRegenerateIsReplacedAndTheRunEndsOnceWithOneStoredAnswer() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean answeredOnce = new java.util.concurrent.atomic.AtomicBoolean();
        model.respondWith(request -> request.instructions().contains("title of at most six words") ? FakeReply.text("Count")
                : answeredOnce.getAndSet(true) ? FakeReply.text(TOKENS, Duration.ofMillis(60))
                : FakeReply.text("A quick first answer."));
        process = startWorkerProcess();
        String user = "crash-" + System.nanoTime();
        List<JsonNode> events = sendAndWatch(user);
        await().atMost(TIMEOUT).until(() -> events.stream().anyMatch(WorkerFailureIntegrationTests::terminal));
        String threadId = events.getFirst().path("threadId").asString();
        String firstAnswer = answers(user, events).getFirst().path("id").asString();
        String runId = new ApiClient(httpUrl(), TestTokens.token(user))
                .post("/api/threads/" + threadId + "/messages/" + firstAnswer + "/regenerate", null).json()
                .path("runId").asString();
        List<JsonNode> regenerate = new java.util.concurrent.CopyOnWriteArrayList<>();
        await().atMost(TIMEOUT).until(() -> {
            regenerate.clear();
            events.stream().filter(e -> runId.equals(e.path("runId").asString())).forEach(regenerate::add);
            return deltasOf(regenerate, 1).size() >= 3;
        });

        process.kill();
        rescuer = WorkerApplication.builder().run(workerArgs());

        await().atMost(TIMEOUT).until(() -> ofRun(events, runId).stream().anyMatch(WorkerFailureIntegrationTests::terminal));
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> ofRun(events, runId).stream().filter(WorkerFailureIntegrationTests::terminal).count() == 1);
        List<JsonNode> run = ofRun(events, runId);
        assertThat(run.stream().filter(e -> "run.started".equals(e.path("type").asString()))
                .map(e -> e.path("attempt").asInt())).containsExactly(1, 2);
        assertThat(find(run, "run.completed").path("attempt").asInt()).isEqualTo(2);
        assertThat(String.join("", deltasOf(run, 2))).isEqualTo(String.join("", TOKENS));
        List<JsonNode> answers = answers(user, events);
        assertThat(answers).as("the active branch holds the regenerated answer only").singleElement().satisfies(answer -> {
            assertThat(answer.path("status").asString()).isEqualTo("complete");
            assertThat(answer.path("attempt").asInt()).isEqualTo(2);
            assertThat(answer.path("content").asString()).isEqualTo(String.join("", TOKENS));
            assertThat(answer.path("siblingIds").valueStream().map(JsonNode::asString))
                    .containsExactly(firstAnswer, answer.path("id").asString());
        });
    }

    private static List<JsonNode> ofRun(List<JsonNode> events, String runId) {
        return events.stream().filter(e -> runId.equals(e.path("runId").asString())).toList();
    }

    @Test
    void aWorkerSentSigtermFinishesItsRunBeforeExiting() throws Exception {
        process = startWorkerProcess();
        List<JsonNode> events = sendAndWatch("drain-" + System.nanoTime());
        await().atMost(TIMEOUT).until(() -> deltasOf(events, 1).size() >= 3);

        process.terminate();

        assertThat(process.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(events.stream().filter(WorkerFailureIntegrationTests::terminal).map(e -> e.path("type").asString()))
                .containsExactly("run.completed");
        assertThat(find(events, "run.completed").path("attempt").asInt()).isEqualTo(1);
        assertThat(String.join("", deltasOf(events, 1))).isEqualTo(String.join("", TOKENS));
    }

    private WorkerProcess startWorkerProcess() throws Exception {
        WorkerProcess started = WorkerProcess.start(Map.of("RABBITMQ_URI", rabbitUri, "MONGODB_URI", mongoUri,
                "OPENAI_API_KEY", "test-key", "OPENAI_BASE_URL", model.baseUrl()), workerArgs());
        RabbitAdmin admin = new RabbitAdmin(connections);
        await().atMost(TIMEOUT).until(() -> {
            QueueInformation runs = admin.getQueueInfo(Topology.RUNS_QUEUE);
            return runs != null && runs.getConsumerCount() >= 1 || !started.process().isAlive();
        });
        assertThat(started.process().isAlive()).as(started.log()).isTrue();
        return started;
    }

    private static String[] workerArgs() {
        return new String[] { "--spring.main.banner-mode=off", "--spring.rabbitmq.addresses=" + rabbitUri,
                "--spring.mongodb.uri=" + mongoUri, "--threadline.model.api-key=test-key",
                "--threadline.model.base-url=" + model.baseUrl(), "--threadline.runs.lease=3s" };
    }

    private List<JsonNode> sendAndWatch(String user) {
        String token = TestTokens.token(user);
        ApiClient api = new ApiClient(httpUrl(), token);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        client = StompTestClient.connect("ws://127.0.0.1:" + port() + "/ws", token);
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
        assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "Count for me")).status())
                .isEqualTo(202);
        return events;
    }

    private List<JsonNode> answers(String user, List<JsonNode> events) {
        String threadId = events.getFirst().path("threadId").asString();
        JsonNode items = new ApiClient(httpUrl(), TestTokens.token(user)).get("/api/threads/" + threadId + "/messages")
                .json().path("items");
        List<JsonNode> answers = new java.util.ArrayList<>();
        items.forEach(item -> {
            if ("assistant".equals(item.path("role").asString())) {
                answers.add(item);
            }
        });
        return answers;
    }

    private static List<String> deltasOf(List<JsonNode> events, int attempt) {
        return events.stream().filter(e -> "message.delta".equals(e.path("type").asString())
                && e.path("attempt").asInt() == attempt).map(e -> e.path("delta").asString()).toList();
    }

    private static JsonNode find(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asString())).findFirst().orElseThrow();
    }

    private static boolean terminal(JsonNode event) {
        return List.of("run.completed", "run.failed", "run.cancelled").contains(event.path("type").asString());
    }

    private static int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    private static String httpUrl() {
        return "http://127.0.0.1:" + port();
    }
}

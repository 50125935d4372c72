package dev.threadline.standalone;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.model.Topology;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The upgrade drill of the Kubernetes manifests (surge one, none unavailable), one process at a time
 * while conversations stream: for each of two worker JVMs a new one starts and the old one gets SIGTERM
 * (it drains its runs); for each of two gateways a new one starts and the old one shuts down gracefully
 * (its clients reconnect to another gateway and resume by PROTOCOL.md §5). Every answer must be complete,
 * once, with the right text, and every client must end up with exactly that text.
 */
class RollingUpgradeIntegrationTests {

    private static final int CONVERSATIONS = 8;
    private static final int TURNS = 3;
    private static final List<String> TOKENS = IntStream.range(0, 80).mapToObj(i -> "u" + i + " ").toList();
    private static final String ANSWER = String.join("", TOKENS);

    private final List<ConfigurableApplicationContext> gateways = new CopyOnWriteArrayList<>();

    @Test
    void upgradingEveryProcessOneAtATimeLosesNoAnswer() throws Exception {
        String rabbitUri = TestServices.rabbitUri();
        String mongoUri = TestServices.mongoUri();
        DistributedHarness.purgeLeftoverRuns(rabbitUri);
        CachingConnectionFactory connections = new CachingConnectionFactory(URI.create(rabbitUri));
        RabbitAdmin admin = new RabbitAdmin(connections);
        ExecutorService conversations = Executors.newVirtualThreadPerTaskExecutor();
        List<WorkerProcess> workers = new ArrayList<>();
        try (FakeOpenAiServer model = new FakeOpenAiServer()) {
            model.respondWith(request -> FakeReply.text(TOKENS, Duration.ofMillis(25)));
            Map<String, String> env = Map.of("RABBITMQ_URI", rabbitUri, "MONGODB_URI", mongoUri, "OPENAI_API_KEY",
                    "test-key", "OPENAI_BASE_URL", model.baseUrl());
            gateways.add(startGateway(rabbitUri, mongoUri));
            gateways.add(startGateway(rabbitUri, mongoUri));
            workers.addAll(startWorkers(2, env, admin));
            String token = TestTokens.token("upgrader");
            long started = System.nanoTime();
            List<Future<List<String>>> results = new ArrayList<>();
            for (int i = 0; i < CONVERSATIONS; i++) {
                int first = i;
                results.add(conversations.submit(() -> converse(token, first)));
            }

            for (int i = 0; i < 2; i++) {
                WorkerProcess replacement = startWorker(env, admin);
                WorkerProcess old = workers.set(i, replacement);
                old.terminate();
                assertThat(old.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(old.process().exitValue()).as("a drained worker exits as a JVM does on SIGTERM").isIn(0, 143);
            }
            for (int i = 0; i < 2; i++) {
                ConfigurableApplicationContext old = gateways.get(0);
                gateways.add(startGateway(rabbitUri, mongoUri));
                gateways.remove(old);
                old.close();
            }

            List<String> problems = new ArrayList<>();
            for (Future<List<String>> result : results) {
                problems.addAll(result.get(3, TimeUnit.MINUTES));
            }
            System.out.printf("UPGRADE workers replaced=2 gateways replaced=2 conversations=%d answers=%d problems=%d "
                    + "seconds=%d%n", CONVERSATIONS, CONVERSATIONS * TURNS, problems.size(),
                    Duration.ofNanos(System.nanoTime() - started).toSeconds());
            problems.forEach(problem -> System.out.println("UPGRADE " + problem));
            assertThat(problems).isEmpty();
        }
        finally {
            conversations.shutdownNow();
            workers.forEach(WorkerProcess::close);
            gateways.forEach(ConfigurableApplicationContext::close);
            connections.destroy();
        }
    }

    /**
     * One user's conversation of {@link #TURNS} messages, each sent once its previous answer is complete,
     * through whichever gateway is up; returns what went wrong (nothing, when all is well).
     */
    private List<String> converse(String token, int index) {
        ApiClient api = api(token, index);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        ResumingSubscriber subscriber = new ResumingSubscriber(threadId, token, index);
        subscriber.connect();
        for (int turn = 1; turn <= TURNS; turn++) {
            String clientMessageId = threadId + "-" + turn;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> api(token, index).post("/api/threads/" + threadId + "/messages",
                            Map.of("content", "turn " + clientMessageId, "clientMessageId", clientMessageId)).status() == 202);
            int answered = turn;
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                subscriber.reconnectIfGone();
                return subscriber.completeAnswers() >= answered;
            });
        }
        List<String> problems = new ArrayList<>();
        List<JsonNode> answers = subscriber.history().stream()
                .filter(message -> "assistant".equals(message.path("role").asString())).toList();
        if (answers.size() != TURNS) {
            problems.add(threadId + ": " + answers.size() + " answers instead of " + TURNS);
        }
        for (JsonNode answer : answers) {
            if (!"complete".equals(answer.path("status").asString()) || !ANSWER.equals(answer.path("content").asString())) {
                problems.add(threadId + ": answer " + answer.path("id").asString() + " is " + answer.path("status")
                        .asString() + " with " + answer.path("content").asString().length() + " characters");
            }
            String seen = subscriber.textSeen(answer.path("id").asString());
            if (!ANSWER.equals(seen)) {
                problems.add(threadId + ": the client saw " + seen.length() + " characters of answer "
                        + answer.path("id").asString());
            }
        }
        subscriber.close();
        return problems;
    }

    private ApiClient api(String token, int index) {
        List<ConfigurableApplicationContext> live = List.copyOf(gateways);
        ConfigurableApplicationContext gateway = live.get(index % live.size());
        return new ApiClient("http://127.0.0.1:" + port(gateway), token);
    }

    private static int port(ConfigurableApplicationContext gateway) {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    private static ConfigurableApplicationContext startGateway(String rabbitUri, String mongoUri) {
        return GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + rabbitUri, "--spring.mongodb.uri=" + mongoUri,
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET);
    }

    /** Starts a worker JVM and returns once it consumes run requests (its readiness, as Kubernetes would wait for). */
    private static WorkerProcess startWorker(Map<String, String> env, RabbitAdmin admin) throws Exception {
        return startWorkers(1, env, admin).getFirst();
    }

    /** The first deployment: its worker JVMs start side by side, as a Deployment's replicas do. */
    private static List<WorkerProcess> startWorkers(int count, Map<String, String> env, RabbitAdmin admin)
            throws Exception {
        int before = consumers(admin);
        List<WorkerProcess> started = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            started.add(WorkerProcess.start(env, "--spring.main.banner-mode=off"));
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> consumers(admin) >= before + count);
        return started;
    }

    private static int consumers(RabbitAdmin admin) {
        var info = admin.getQueueInfo(Topology.RUNS_QUEUE);
        return info == null ? 0 : info.getConsumerCount();
    }

    /**
     * A client following PROTOCOL.md §5: on every (re)connection it subscribes, then reads the history; an
     * answer's text is its stored content at that moment plus the deltas of the same attempt with a higher
     * {@code seq}, or its final content once complete.
     */
    private final class ResumingSubscriber {

        private final String threadId;
        private final String token;
        private final int index;
        private final Map<String, String> textByAnswer = new HashMap<>();
        private StompTestClient client;
        private List<JsonNode> events = List.of();
        private Map<String, JsonNode> snapshot = Map.of();
        private int connections;

        ResumingSubscriber(String threadId, String token, int index) {
            this.threadId = threadId;
            this.token = token;
            this.index = index;
        }

        void connect() {
            ConfigurableApplicationContext gateway = List.copyOf(gateways).get((index + connections++) % gateways.size());
            client = StompTestClient.connect("ws://127.0.0.1:" + port(gateway) + "/ws", token);
            events = client.subscribeAndWait("/topic/threads/" + threadId);
            snapshot = history().stream().collect(Collectors.toMap(message -> message.path("id").asString(),
                    message -> message));
        }

        void reconnectIfGone() {
            if (!client.isConnected()) {
                collect();
                client.close();
                connect();
            }
        }

        int completeAnswers() {
            collect();
            return (int) history().stream().filter(message -> "assistant".equals(message.path("role").asString()))
                    .filter(message -> "complete".equals(message.path("status").asString())).count();
        }

        String textSeen(String answerId) {
            collect();
            return textByAnswer.getOrDefault(answerId, "");
        }

        List<JsonNode> history() {
            List<JsonNode> messages = new ArrayList<>();
            api(token, index).get("/api/threads/" + threadId + "/messages").json().path("items")
                    .forEach(messages::add);
            return messages;
        }

        /** What this connection showed of each answer, by the resume rule. */
        private void collect() {
            Map<String, StringBuilder> texts = new HashMap<>();
            Map<String, long[]> positions = new HashMap<>();
            snapshot.values().stream().filter(message -> "assistant".equals(message.path("role").asString()))
                    .forEach(message -> {
                        texts.put(message.path("id").asString(), new StringBuilder(message.path("content").asString()));
                        positions.put(message.path("id").asString(), new long[] { message.path("attempt").asLong(),
                                message.path("lastSeq").asLong() });
                    });
            for (JsonNode event : List.copyOf(events)) {
                if (!"message.delta".equals(event.path("type").asString())) {
                    continue;
                }
                String answerId = event.path("messageId").asString();
                long[] position = positions.computeIfAbsent(answerId, id -> new long[] { event.path("attempt").asLong(), 0 });
                if (event.path("attempt").asLong() == position[0] && event.path("seq").asLong() > position[1]) {
                    texts.computeIfAbsent(answerId, id -> new StringBuilder()).append(event.path("delta").asString());
                    position[1] = event.path("seq").asLong();
                }
            }
            texts.forEach((answerId, text) -> textByAnswer.put(answerId, text.toString()));
        }

        void close() {
            client.close();
        }
    }
}

package dev.threadline.standalone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The soak test (not in the default suite): many conversations while worker JVMs are killed with
 * SIGKILL at random and replaced. Reports lost and duplicated answers, which must both be zero.
 * Run: {@code ./mvnw -B package -DskipTests && ./mvnw -B -pl standalone verify -Psoak} (settings: -Dsoak.conversations,
 * -Dsoak.workers, -Dsoak.killEverySeconds, -Dsoak.tokens: the length of each answer, streamed at 25 tokens/s).
 */
class SoakRun {

    private static final List<String> TOKENS = IntStream.range(0, Integer.getInteger("soak.tokens", 40))
            .mapToObj(i -> "w" + i + " ").toList();
    private static final String ANSWER = String.join("", TOKENS);

    @Test
    void conversationsSurviveWorkersKilledAtRandom() throws Exception {
        int conversations = Integer.getInteger("soak.conversations", 60);
        int workerCount = Integer.getInteger("soak.workers", 3);
        Duration killEvery = Duration.ofSeconds(Integer.getInteger("soak.killEverySeconds", 5));
        String rabbitUri = TestServices.rabbitUri();
        String mongoUri = TestServices.mongoUri();
        DistributedHarness.purgeLeftoverRuns(rabbitUri);
        Random random = new Random(42);
        try (FakeOpenAiServer model = new FakeOpenAiServer();
                ConfigurableApplicationContext gateway = GatewayApplication.builder().run("--server.port=0",
                        "--spring.main.banner-mode=off", "--spring.rabbitmq.addresses=" + rabbitUri,
                        "--spring.mongodb.uri=" + mongoUri, "--threadline.auth.jwt-secret=" + TestTokens.SECRET,
                        "--threadline.limits.sends.burst=10000", "--threadline.limits.sends.max-active-runs=10000")) {
            model.respondWith(request -> FakeReply.text(TOKENS, Duration.ofMillis(40)));
            Map<String, String> env = Map.of("RABBITMQ_URI", rabbitUri, "MONGODB_URI", mongoUri, "OPENAI_API_KEY",
                    "test-key", "OPENAI_BASE_URL", model.baseUrl());
            String[] args = { "--threadline.runs.lease=3s", "--spring.main.banner-mode=off" };
            List<WorkerProcess> workers = new CopyOnWriteArrayList<>();
            for (int i = 0; i < workerCount; i++) {
                workers.add(WorkerProcess.start(env, args));
            }
            CachingConnectionFactory connections = new CachingConnectionFactory(java.net.URI.create(rabbitUri));
            RabbitAdmin admin = new RabbitAdmin(connections);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    admin.getQueueInfo(Topology.RUNS_QUEUE).getConsumerCount() >= workerCount);

            Map<String, List<String>> amqpTypes = new ConcurrentHashMap<>();
            org.springframework.amqp.core.AnonymousQueue tap = new org.springframework.amqp.core.AnonymousQueue();
            admin.declareQueue(tap);
            admin.declareBinding(org.springframework.amqp.core.BindingBuilder.bind(tap)
                    .to(new org.springframework.amqp.core.TopicExchange(Topology.EVENTS_EXCHANGE)).with("thread.#"));
            org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer tapListener =
                    new org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer(connections);
            tapListener.setQueueNames(tap.getName());
            tools.jackson.databind.json.JsonMapper mapper = tools.jackson.databind.json.JsonMapper.builder().build();
            tapListener.setMessageListener(message -> {
                JsonNode event = mapper.readTree(message.getBody());
                amqpTypes.computeIfAbsent(event.path("threadId").asString(), key -> new CopyOnWriteArrayList<>())
                        .add(event.path("type").asString() + "/a" + event.path("attempt").asInt());
            });
            tapListener.start();
            int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
            String token = TestTokens.token("soak");
            ApiClient api = new ApiClient("http://127.0.0.1:" + port, token);
            StompTestClient client = StompTestClient.connect("ws://127.0.0.1:" + port + "/ws", token);
            Map<String, List<JsonNode>> eventsByThread = new ConcurrentHashMap<>();
            List<String> threads = new ArrayList<>();
            for (int i = 0; i < conversations; i++) {
                String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
                threads.add(threadId);
                eventsByThread.put(threadId, client.subscribeAndWait("/topic/threads/" + threadId));
            }
            long started = System.nanoTime();
            for (String threadId : threads) {
                api.post("/api/threads/" + threadId + "/messages", Map.of("content", "soak", "clientMessageId", threadId));
            }
            int killed = 0;
            while (!allAnswered(api, threads) && Duration.ofNanos(System.nanoTime() - started).toMinutes() < 3) {
                await().pollDelay(killEvery).atMost(killEvery.plusSeconds(1)).until(() -> true);
                WorkerProcess victim = workers.remove(random.nextInt(workers.size()));
                victim.kill();
                victim.close();
                killed++;
                workers.add(WorkerProcess.start(env, args));
            }
            try {
                await().atMost(Duration.ofSeconds(90)).until(() -> allAnswered(api, threads));
            }
            catch (org.awaitility.core.ConditionTimeoutException notAll) {
                System.out.println("SOAK not every conversation was answered in time");
            }
            long answeredAt = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).until(() -> true);
            System.out.println("SOAK client connected: " + client.isConnected());
            for (String threadId : threads) {
                List<String> seen = eventsByThread.get(threadId).stream().map(e -> e.path("type").asString() + "/a"
                        + e.path("attempt").asInt()).filter(t -> !t.startsWith("message.delta")).toList();
                List<String> onBroker = amqpTypes.getOrDefault(threadId, List.of()).stream()
                        .filter(t -> !t.startsWith("message.delta")).toList();
                if (!seen.equals(onBroker)) {
                    System.out.println("SOAK re-announced on the broker, relayed once: " + threadId + " stomp=" + seen
                            + " amqp=" + onBroker);
                }
            }
            System.out.printf("SOAK last terminal event arrived %d ms after the last answer was stored%n",
                    Duration.ofNanos(System.nanoTime() - answeredAt).toMillis());
            await().pollDelay(Duration.ofSeconds(2)).until(() -> true);

            int lost = 0;
            int duplicated = 0;
            int wrong = 0;
            int terminalProblems = 0;
            for (String threadId : threads) {
                List<JsonNode> answers = ThreadEventLists.answers(api, threadId);
                boolean answered = answers.stream().anyMatch(a -> "complete".equals(a.path("status").asString()));
                if (!answered) {
                    lost++;
                    System.out.println("SOAK unanswered " + threadId + " answers=" + answers.stream()
                            .map(a -> a.path("status").asString() + "/a" + a.path("attempt").asInt()).toList()
                            + " events=" + amqpTypes.getOrDefault(threadId, List.of()).stream()
                                    .filter(t -> !t.startsWith("message.delta")).toList());
                }
                duplicated += Math.max(0, answers.size() - 1);
                for (JsonNode answer : answers) {
                    if (!ANSWER.equals(answer.path("content").asString())) {
                        wrong++;
                        System.out.printf("SOAK wrong answer in %s: attempt=%d status=%s lastSeq=%d content=%s%n", threadId,
                                answer.path("attempt").asInt(), answer.path("status").asString(),
                                answer.path("lastSeq").asLong(), answer.path("content").asString());
                        eventsByThread.get(threadId).forEach(e -> System.out.println("SOAK   event " + e.path("type")
                                .asString() + " attempt=" + e.path("attempt").asInt() + " seq=" + e.path("seq").asLong()
                                + " " + e.path("delta").asString("")));
                    }
                }
                long terminals = eventsByThread.get(threadId).stream()
                        .filter(e -> e.path("type").asString().matches("run\\.(completed|failed|cancelled)")).count();
                if (terminals != 1) {
                    terminalProblems++;
                    System.out.println("SOAK thread " + threadId + " has " + terminals + " terminal events: "
                            + eventsByThread.get(threadId).stream().filter(e -> !"message.delta".equals(e.path("type")
                                    .asString())).map(e -> e.path("type").asString() + "/a" + e.path("attempt").asInt()
                                    + e.path("error").toString()).toList());
                }
            }
            System.out.printf("SOAK conversations=%d workers=%d killed=%d lost=%d duplicated=%d wrongText=%d "
                    + "threadsWithoutExactlyOneTerminalEvent=%d seconds=%d%n", conversations, workerCount, killed, lost,
                    duplicated, wrong, terminalProblems, Duration.ofNanos(System.nanoTime() - started).toSeconds());
            client.close();
            workers.forEach(WorkerProcess::close);
            connections.destroy();
            assertThat(lost).isZero();
            assertThat(duplicated).isZero();
            assertThat(wrong).isZero();
            assertThat(terminalProblems).isZero();
        }
    }

    private static boolean allAnswered(ApiClient api, List<String> threads) {
        return threads.stream().allMatch(threadId -> ThreadEventLists.answers(api, threadId).stream()
                .anyMatch(a -> "complete".equals(a.path("status").asString())));
    }
}

package dev.threadline.worker.assistant;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.threadline.common.Ids;
import dev.threadline.common.broker.AmqpJson;
import dev.threadline.common.run.RunLifecycle;
import dev.threadline.model.Topology;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunCancel;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.FakeWeatherServer;
import dev.threadline.testing.RecordedRequest;
import dev.threadline.testing.TestServices;
import dev.threadline.worker.WorkerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A cancel reaches whatever the run is blocked on — a tool whose service does not answer, a consulted
 * specialist whose model call does not answer — and the run ends within a second, with no model or tool
 * call started after the cancel and no {@code tool.result} for the interrupted call. The tool timeout is
 * 30 s here, so a run that merely waited for it could not pass.
 */
class CancellationIntegrationTests {

    private static final Logger log = LoggerFactory.getLogger(CancellationIntegrationTests.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration FAR_BELOW_THE_TOOL_TIMEOUT = Duration.ofSeconds(2);

    private static FakeOpenAiServer model;
    private static FakeWeatherServer weather;
    private static ConfigurableApplicationContext worker;
    private static CachingConnectionFactory connections;
    private static RabbitAdmin admin;
    private static MongoTemplate mongo;
    private static final List<SimpleMessageListenerContainer> listeners = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        model = new FakeOpenAiServer();
        weather = new FakeWeatherServer();
        connections = new CachingConnectionFactory(java.net.URI.create(TestServices.rabbitUri()));
        admin = new RabbitAdmin(connections);
        try {
            admin.purgeQueue(Topology.RUNS_QUEUE, false);
        }
        catch (RuntimeException firstRun) {
            // the queue does not exist yet
        }
        worker = WorkerApplication.builder().run("--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.model.api-key=test-key", "--threadline.model.base-url=" + model.baseUrl(),
                "--threadline.tools.weather-base-url=" + weather.baseUrl(),
                "--threadline.tools.geocoding-base-url=" + weather.baseUrl(), "--threadline.tools.timeout=30s");
        mongo = worker.getBean(MongoTemplate.class);
    }

    @AfterEach
    void reset() {
        model.reset();
        weather.hang(false);
    }

    @AfterAll
    static void stop() {
        listeners.forEach(SimpleMessageListenerContainer::stop);
        worker.close();
        connections.destroy();
        weather.close();
        model.close();
    }

    @Test
    void aCancelWhileAToolWaitsForItsServiceEndsTheRunWithinASecond() {
        weather.hang(true);
        model.respondWith(CancellationIntegrationTests::orchestratorAsksWardrobeWhichAsksForTheWeather);
        Run run = storeRun("What should I wear in Oslo today?");
        List<Received> events = listen(run.threadId());

        publish(run);
        await().atMost(Duration.ofSeconds(15)).until(() -> weather.requests().size() == 1
                && types(events).contains("tool.call"));
        int modelRequestsBeforeCancel = model.requests().size();
        long cancelledAt = cancel(run);

        Received ended = awaitTerminal(events);
        Duration latency = Duration.ofNanos(ended.atNanos() - cancelledAt);
        log.info("Cancel to run.cancelled with a hanging tool: {} ms", latency.toMillis());
        assertThat(ended.type()).isEqualTo("run.cancelled");
        assertThat(latency).isLessThan(FAR_BELOW_THE_TOOL_TIMEOUT);
        assertThat(model.requests()).hasSize(modelRequestsBeforeCancel);
        assertThat(types(events)).doesNotContain("tool.result").containsOnlyOnce("run.cancelled");
        assertThat(weather.requests()).hasSize(1);
        assertThat(answerOf(run).status()).isEqualTo(MessageStatus.CANCELLED);
        assertThat(mongo.findById(run.id(), Run.class, Run.COLLECTION).status()).isEqualTo(RunStatus.CANCELLED);
    }

    /** The specialist's model call waits for the provider's headers, or its stream hangs after them. */
    @ParameterizedTest(name = "headers sent: {0}")
    @ValueSource(booleans = { false, true })
    void aCancelWhileAConsultedSpecialistWaitsForTheModelEndsTheRunWithinASecond(boolean headersSent) {
        FakeReply silent = headersSent ? new FakeReply.Hang() : new FakeReply.Unanswered();
        model.respondWith(request -> isOrchestrator(request) ? orchestratorAsksWardrobeWhichAsksForTheWeather(request)
                : silent);
        Run run = storeRun("Which coat for a job interview?");
        List<Received> events = listen(run.threadId());

        publish(run);
        await().atMost(Duration.ofSeconds(15)).until(() -> model.requests().size() == 2
                && types(events).contains("assistant.consulted"));
        long cancelledAt = cancel(run);

        Received ended = awaitTerminal(events);
        Duration latency = Duration.ofNanos(ended.atNanos() - cancelledAt);
        log.info("Cancel to run.cancelled with a specialist whose model {}: {} ms",
                headersSent ? "stream hangs after its headers" : "sends no headers", latency.toMillis());
        assertThat(ended.type()).isEqualTo("run.cancelled");
        assertThat(latency).isLessThan(FAR_BELOW_THE_TOOL_TIMEOUT);
        assertThat(model.requests()).hasSize(2);
        assertThat(types(events)).doesNotContain("tool.result").containsOnlyOnce("run.cancelled");
        assertThat(answerOf(run).status()).isEqualTo(MessageStatus.CANCELLED);
    }

    /** The orchestrator consults the wardrobe, which asks for the weather; both answer once they have their outputs. */
    private static FakeReply orchestratorAsksWardrobeWhichAsksForTheWeather(RecordedRequest request) {
        if (isOrchestrator(request)) {
            return request.toolOutputs().isEmpty() ? FakeReply.toolCall("call-ask", "ask_wardrobe",
                    "{\"question\":\"What to wear in Oslo today?\"}") : FakeReply.text("Wear the raincoat.");
        }
        return request.toolOutputs().isEmpty()
                ? FakeReply.toolCall("call-weather", "get_weather", "{\"location\":\"Oslo\"}")
                : FakeReply.text("A raincoat.");
    }

    private static boolean isOrchestrator(RecordedRequest request) {
        return request.toolNames().contains("ask_wardrobe");
    }

    /** What the gateway's cancel does for a running run: flag it in the store, then broadcast on the control exchange. */
    private long cancel(Run run) {
        worker.getBean(RunLifecycle.class).requestCancel(run.id());
        long at = System.nanoTime();
        new RabbitTemplate(connections).send(Topology.CONTROL_EXCHANGE, "", worker.getBean(AmqpJson.class)
                .transientMessage(new RunCancel(run.threadId(), run.id(), run.userId(), Instant.now())));
        return at;
    }

    private static Received awaitTerminal(List<Received> events) {
        await().atMost(Duration.ofSeconds(20)).until(() -> events.stream().anyMatch(Received::terminal));
        return events.stream().filter(Received::terminal).findFirst().orElseThrow();
    }

    private static List<String> types(List<Received> events) {
        return events.stream().map(Received::type).toList();
    }

    private Message answerOf(Run run) {
        return mongo.findById(run.assistantMessageId(), Message.class, Message.COLLECTION);
    }

    private Run storeRun(String content) {
        Instant now = Instant.now();
        ChatThread thread = mongo.insert(ChatThread.create(Ids.newId(), "alice", "t", "orchestrator", now),
                ChatThread.COLLECTION);
        Run run = Run.queued(Ids.newId(), thread.id(), "alice", 1, Ids.newId(), Ids.newId(), "orchestrator", null, null,
                now);
        mongo.insert(Message.user(run.userMessageId(), thread.id(), "alice", content, now, run.id(), null, null),
                Message.COLLECTION);
        return mongo.insert(run, Run.COLLECTION);
    }

    private List<Received> listen(String threadId) {
        List<Received> events = new CopyOnWriteArrayList<>();
        AnonymousQueue queue = new AnonymousQueue();
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(new TopicExchange(Topology.EVENTS_EXCHANGE))
                .with(Topology.threadRoutingKey(threadId)));
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(queue.getName());
        container.setMessageListener(message -> events.add(new Received(JSON.readTree(message.getBody()),
                System.nanoTime())));
        container.start();
        listeners.add(container);
        return events;
    }

    private void publish(Run run) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        new RabbitTemplate(connections).send(Topology.REQUESTS_EXCHANGE, Topology.RUNS_ROUTING_KEY,
                new org.springframework.amqp.core.Message(JSON.writeValueAsBytes(run.toRequest()), properties));
    }

    /** A thread event and when the test received it. */
    private record Received(JsonNode event, long atNanos) {

        String type() {
            return event.path("type").asString();
        }

        boolean terminal() {
            return List.of("run.completed", "run.failed", "run.cancelled").contains(type());
        }
    }
}

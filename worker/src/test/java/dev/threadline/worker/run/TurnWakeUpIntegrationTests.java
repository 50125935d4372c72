package dev.threadline.worker.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.threadline.common.Ids;
import dev.threadline.model.Topology;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.TestServices;
import dev.threadline.worker.WorkerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A run waiting for an earlier run of its thread starts when that run ends, woken by {@code RunEnded} on
 * the control exchange: the store poll is set to a minute here, far beyond the time allowed.
 */
class TurnWakeUpIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WELL_BEFORE_THE_POLL = Duration.ofSeconds(15);

    private static FakeOpenAiServer model;
    private static ConfigurableApplicationContext worker;
    private static CachingConnectionFactory connections;
    private static MongoTemplate mongo;
    private static final List<SimpleMessageListenerContainer> listeners = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        model = new FakeOpenAiServer();
        model.respondWith(request -> request.lastUserText().equals("first")
                ? FakeReply.text(List.of("Slow ", "first ", "answer."), Duration.ofMillis(300))
                : FakeReply.text("Second answer."));
        connections = new CachingConnectionFactory(java.net.URI.create(TestServices.rabbitUri()));
        try {
            new RabbitAdmin(connections).purgeQueue(Topology.RUNS_QUEUE, false);
        }
        catch (RuntimeException firstRun) {
            // the queue does not exist yet
        }
        worker = WorkerApplication.builder().run("--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.model.api-key=test-key", "--threadline.model.base-url=" + model.baseUrl(),
                "--threadline.model.max-retries=0", "--threadline.runs.predecessor-poll=1m");
        mongo = worker.getBean(MongoTemplate.class);
    }

    @AfterAll
    static void stop() {
        listeners.forEach(SimpleMessageListenerContainer::stop);
        worker.close();
        connections.destroy();
        model.close();
    }

    @Test
    void aRunWaitingForItsPredecessorStartsAsSoonAsThePredecessorEnds() {
        ChatThread thread = storeThread();
        Run first = storeRun(thread, 1, "first");
        Run second = storeRun(thread, 2, "second");
        List<JsonNode> events = listen(thread.id());

        publish(second);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(events::isEmpty);
        publish(first);

        await().atMost(WELL_BEFORE_THE_POLL).until(() -> ended(events, second));
        assertThat(events.stream().map(e -> e.path("type").asString() + " " + e.path("runId").asString())
                .filter(e -> e.startsWith("run.")))
                .containsExactly("run.started " + first.id(), "run.completed " + first.id(),
                        "run.started " + second.id(), "run.completed " + second.id());
    }

    @Test
    void aRunWaitingForAPredecessorCancelledWhileQueuedStartsWhenThatRequestIsTaken() {
        ChatThread thread = storeThread();
        Run first = storeRun(thread, 1, "first");
        Run second = storeRun(thread, 2, "second");
        List<JsonNode> events = listen(thread.id());

        publish(second);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(events::isEmpty);
        cancelWhileQueued(first);
        publish(first);

        await().atMost(WELL_BEFORE_THE_POLL).until(() -> ended(events, second));
        assertThat(events).noneMatch(event -> event.path("runId").asString().equals(first.id()));
    }

    /** What a gateway does to a run cancelled before any worker started it. */
    private void cancelWhileQueued(Run run) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(run.id()).and("status").is(RunStatus.QUEUED)),
                new Update().set("status", RunStatus.CANCELLED).set("cancelRequested", true).set("announced", true)
                        .set("endedAt", Instant.now()), Run.class, Run.COLLECTION);
    }

    private static boolean ended(List<JsonNode> events, Run run) {
        return events.stream().anyMatch(event -> event.path("runId").asString().equals(run.id())
                && event.path("type").asString().equals("run.completed"));
    }

    private ChatThread storeThread() {
        return mongo.insert(ChatThread.create(Ids.newId(), "alice", "t", "orchestrator", Instant.now()),
                ChatThread.COLLECTION);
    }

    private Run storeRun(ChatThread thread, long order, String content) {
        Instant now = Instant.now();
        Run run = Run.queued(Ids.newId(), thread.id(), "alice", order, Ids.newId(), Ids.newId(), "orchestrator", null,
                null, now);
        mongo.insert(Message.user(run.userMessageId(), thread.id(), "alice", content, now, run.id(), null, null),
                Message.COLLECTION);
        return mongo.insert(run, Run.COLLECTION);
    }

    private List<JsonNode> listen(String threadId) {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
        RabbitAdmin admin = new RabbitAdmin(connections);
        AnonymousQueue queue = new AnonymousQueue();
        admin.declareQueue(queue);
        admin.declareBinding(BindingBuilder.bind(queue).to(new TopicExchange(Topology.EVENTS_EXCHANGE))
                .with(Topology.threadRoutingKey(threadId)));
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connections);
        container.setQueueNames(queue.getName());
        container.setMessageListener(message -> events.add(JSON.readTree(message.getBody())));
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
}

package dev.threadline.worker.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.threadline.common.Ids;
import dev.threadline.common.usage.UsageLedger;
import dev.threadline.model.Topology;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.model.usage.ContextUsage;
import dev.threadline.model.usage.Usage;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.TestServices;
import dev.threadline.worker.WorkerApplication;
import dev.threadline.worker.store.ModerationFlag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.core.QueueInformation;
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
 * The worker on its own classpath, driven the way a gateway drives it: a run stored in MongoDB and its
 * request published to {@code threadline.requests}; events observed on the topic exchange.
 */
class WorkerIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static FakeOpenAiServer model;
    private static ConfigurableApplicationContext worker;
    private static CachingConnectionFactory connections;
    private static RabbitAdmin admin;
    private static MongoTemplate mongo;
    private static final List<SimpleMessageListenerContainer> listeners = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        model = new FakeOpenAiServer();
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
                "--threadline.model.max-retries=0", "--threadline.context.max-input-tokens=1500",
                "--threadline.moderation.enabled=true");
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
    void aPublishedRunRequestStreamsItsAnswerAndEndsWithExactlyOneTerminalEvent() {
        model.respondWith(request -> FakeReply.text(List.of("Wear ", "the ", "green ", "coat."), Duration.ofMillis(20)));
        Run run = storeRun("Rain today, what coat?");
        List<JsonNode> events = listen(run.threadId());

        publish(JSON.writeValueAsBytes(run.toRequest()));

        await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(this::terminal));
        assertThat(events.stream().map(e -> e.path("type").asString()))
                .startsWith("run.started").endsWith("message.created", "run.completed");
        assertThat(events.stream().filter(this::terminal)).hasSize(1);
        Message answer = mongo.findById(run.assistantMessageId(), Message.class, Message.COLLECTION);
        assertThat(answer.status()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(answer.content()).isEqualTo("Wear the green coat.");
        assertThat(mongo.findById(run.id(), Run.class, Run.COLLECTION).status()).isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aMessageFlaggedByModerationEndsTheRunWithContentFlaggedWithoutReachingTheModel() {
        model.flagWhen(text -> text.contains("insult"));
        Run run = storeRun("Write an insult for my coworker");
        List<JsonNode> events = listen(run.threadId());

        publish(JSON.writeValueAsBytes(run.toRequest()));

        await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(this::terminal));
        JsonNode failed = events.stream().filter(this::terminal).findFirst().orElseThrow();
        assertThat(failed.path("type").asString()).isEqualTo("run.failed");
        assertThat(failed.path("error").path("code").asString()).isEqualTo("content_flagged");
        assertThat(failed.path("error").path("message").asString()).contains("harassment");
        assertThat(failed.path("error").path("retryable").asBoolean()).isFalse();
        assertThat(model.moderatedInputs()).contains("Write an insult for my coworker");
        assertThat(model.requests()).noneMatch(request -> request.lastUserText().contains("insult"));
        assertThat(mongo.findById(run.assistantMessageId(), Message.class, Message.COLLECTION).status())
                .isEqualTo(MessageStatus.FAILED);
        assertThat(mongo.findAll(ModerationFlag.class, ModerationFlag.COLLECTION))
                .filteredOn(flag -> flag.runId().equals(run.id())).singleElement().satisfies(flag -> {
                    assertThat(flag.categories()).containsExactly("harassment");
                    assertThat(flag.userId()).isEqualTo(run.userId());
                    assertThat(flag.messageId()).isEqualTo(run.userMessageId());
                });
    }

    @Test
    void aRequestDeliveredTwiceProducesOneAnswer() {
        Run run = storeRun("Twice?");
        List<JsonNode> events = listen(run.threadId());
        byte[] request = JSON.writeValueAsBytes(run.toRequest());

        publish(request);
        publish(request);

        await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(this::terminal)
                && admin.getQueueInfo(Topology.RUNS_QUEUE).getMessageCount() == 0);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> events.stream().filter(this::terminal).count() == 1);
        assertThat(events.stream().filter(e -> "run.started".equals(e.path("type").asString()))).hasSize(1);
        assertThat(model.requests().stream().filter(r -> r.lastUserText().equals("Twice?"))).hasSize(1);
    }

    @Test
    void theEndOfARunWhoseWorkerDiedBeforeAnnouncingItIsAnnouncedOnRedelivery() {
        Instant now = Instant.now();
        ChatThread thread = mongo.insert(ChatThread.create(Ids.newId(), "alice", "t", "orchestrator", now),
                ChatThread.COLLECTION);
        Run ended = mongo.insert(new Run(Ids.newId(), thread.id(), "alice", 1, RunStatus.COMPLETED, 1, Ids.newId(),
                Ids.newId(), "orchestrator", null, null, null, null, false, false, now.minusSeconds(60),
                now.minusSeconds(60), 12, null, null), Run.COLLECTION);
        mongo.insert(new Message(ended.assistantMessageId(), thread.id(), ended.userMessageId(),
                dev.threadline.model.message.Role.ASSISTANT, "Done.", "orchestrator", now, MessageStatus.COMPLETE,
                ended.id(), 1, 10, null, null, null, null, null, null, 0),
                Message.COLLECTION);
        List<JsonNode> events = listen(thread.id());

        publish(JSON.writeValueAsBytes(ended.toRequest()));

        await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
        assertThat(events.get(0).path("type").asString()).isEqualTo("message.created");
        assertThat(events.get(0).path("seq").asLong()).isEqualTo(11);
        assertThat(events.get(0).path("message").path("content").asString()).isEqualTo("Done.");
        assertThat(events.get(1).path("type").asString()).isEqualTo("run.completed");
        assertThat(events.get(1).path("seq").asLong()).isEqualTo(12);
        await().atMost(Duration.ofSeconds(5)).until(() -> mongo.findById(ended.id(), Run.class, Run.COLLECTION).announced());
        assertThat(model.requests().stream().filter(r -> r.lastUserText().isEmpty())).isEmpty();
    }

    @Test
    void anUnreadableRequestIsDeadLetteredNotRequeued() {
        long before = deadLetters();

        publish("{not a run request".getBytes());

        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters() == before + 1);
        assertThat(admin.getQueueInfo(Topology.RUNS_QUEUE).getMessageCount()).isZero();
    }

    @Test
    void aRequestForAnUnknownRunIsDeadLetteredAndItsThreadToldTheRunFailed() {
        String threadId = Ids.newId();
        List<JsonNode> events = listen(threadId);
        long before = deadLetters();
        Run ghost = Run.queued(Ids.newId(), threadId, "alice", 1, Ids.newId(), Ids.newId(), "orchestrator", null, null,
                Instant.now());

        publish(JSON.writeValueAsBytes(ghost.toRequest()));

        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters() == before + 1 && !events.isEmpty());
        assertThat(events.get(0).path("type").asString()).isEqualTo("run.failed");
        assertThat(events.get(0).path("error").path("code").asString()).isEqualTo("unknown_run");
    }

    @Test
    void everyModelCallOfAConsultationCountsInTheUsageOfTheRunItsAnswerAndTheLedger() {
        model.respondWith(request -> {
            if (!request.toolNames().contains("ask_wardrobe")) {
                return FakeReply.text("A trench coat.").withUsage(300, 4, 0);
            }
            return request.toolOutputs().isEmpty()
                    ? FakeReply.toolCall("call_w", "ask_wardrobe", "{\"question\":\"What for rain?\"}")
                            .withUsage(1_000, 20, 512)
                    : FakeReply.text("Take ", "the ", "trench.").withUsage(1_200, 3, 1_024);
        });
        String user = "usage-" + Ids.newId();
        Run run = storeRun(user, "Rain today, what coat?");
        List<JsonNode> events = listen(run.threadId());

        try {
            publish(JSON.writeValueAsBytes(run.toRequest()));

            await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(this::terminal));
        }
        finally {
            model.reset();
        }
        Usage expected = new Usage(2_500, 27, 1_536, java.util.Map.of(
                "orchestrator", new Usage.ByAssistant(2_200, 23), "wardrobe", new Usage.ByAssistant(300, 4)));
        JsonNode completed = events.stream().filter(this::terminal).findFirst().orElseThrow();
        assertThat(completed.path("type").asString()).isEqualTo("run.completed");
        assertThat(JSON.treeToValue(completed.path("usage"), Usage.class)).isEqualTo(expected);
        Message answer = mongo.findById(run.assistantMessageId(), Message.class, Message.COLLECTION);
        assertThat(answer.usage()).isEqualTo(expected);
        assertThat(answer.metrics().inputTokens()).isEqualTo(2_500);
        ContextUsage context = JSON.treeToValue(completed.path("context"), ContextUsage.class);
        assertThat(context.tokens()).isPositive().isLessThan(1_500);
        assertThat(context.limit()).isEqualTo(1_500);
        assertThat(context.droppedTurns()).isZero();
        assertThat(mongo.findById(run.threadId(), ChatThread.class, ChatThread.COLLECTION).context()).isEqualTo(context);
        UsageLedger ledger = worker.getBean(UsageLedger.class);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(ledger.days(user, ledger.today(),
                ledger.today())).singleElement().satisfies(day -> {
                    assertThat(day.model()).isEqualTo("gpt-4.1-mini");
                    assertThat(day.inputTokens()).isEqualTo(2_500);
                    assertThat(day.outputTokens()).isEqualTo(27);
                    assertThat(day.cachedTokens()).isEqualTo(1_536);
                    assertThat(day.runs()).isEqualTo(1);
                }));
    }

    @Test
    void theTokensOfACancelledRunAreCountedOnceWhateverAnnouncesItsEndAgain() {
        String user = "usage-" + Ids.newId();
        Run run = storeRun(user, "Cancel me");
        List<JsonNode> events = listen(run.threadId());
        // a cancel in the store alone is seen when the lease is next renewed (a third of the 15 s lease): the answer outlasts that
        model.respondWith(request -> FakeReply.text(List.of("Wear ", "the ", "green ", "coat ", "and ", "a ", "scarf."),
                Duration.ofMillis(1_200)).withUsage(50, 7, 0));
        try {
            publish(JSON.writeValueAsBytes(run.toRequest()));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream().anyMatch(e -> "message.delta".equals(e.path("type").asString())));
            worker.getBean(dev.threadline.common.run.RunLifecycle.class).requestCancel(run.id());
            await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(this::terminal));
        }
        finally {
            model.reset();
        }
        UsageLedger ledger = worker.getBean(UsageLedger.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> ledger.usedOn(user, ledger.today()) > 0);

        publish(JSON.writeValueAsBytes(run.toRequest()));

        await().atMost(Duration.ofSeconds(10)).until(() -> admin.getQueueInfo(Topology.RUNS_QUEUE).getMessageCount() == 0);
        assertThat(events.stream().filter(this::terminal).findFirst().orElseThrow().path("type").asString())
                .isEqualTo("run.cancelled");
        Message answer = mongo.findById(run.assistantMessageId(), Message.class, Message.COLLECTION);
        assertThat(answer.usage().inputTokens()).as("estimated: the stream was cut before its usage").isPositive();
        assertThat(ledger.days(user, ledger.today(), ledger.today())).singleElement().satisfies(day -> {
            assertThat(day.runs()).isEqualTo(1);
            assertThat(day.inputTokens()).isEqualTo(answer.usage().inputTokens());
            assertThat(day.outputTokens()).isEqualTo(answer.usage().outputTokens()).isPositive();
        });
        assertThat(worker.getBean(dev.threadline.common.run.RunLifecycle.class).markUsageRecorded(run.id())).isFalse();
    }

    @Test
    void aLongThreadStillRunsAndTheModelRequestStaysWithinTheBudget() {
        Run current = storeLongThread(80, "And for a summer wedding?");
        List<JsonNode> events = listen(current.threadId());

        publish(JSON.writeValueAsBytes(current.toRequest()));

        await().atMost(Duration.ofSeconds(15)).until(() -> events.stream().anyMatch(this::terminal));
        assertThat(events.stream().map(e -> e.path("type").asString())).contains("run.completed");
        JsonNode context = events.stream().filter(this::terminal).findFirst().orElseThrow().path("context");
        assertThat(context.path("limit").asInt()).isEqualTo(1_500);
        assertThat(context.path("tokens").asInt()).isPositive().isLessThanOrEqualTo(1_500);
        assertThat(context.path("droppedTurns").asInt()).isPositive().isLessThan(50);
        assertThat(mongo.findById(current.threadId(), ChatThread.class, ChatThread.COLLECTION).context())
                .isEqualTo(JSON.treeToValue(context, ContextUsage.class));
        dev.threadline.testing.RecordedRequest sent = model.requests().stream()
                .filter(r -> r.lastUserText().equals("And for a summer wedding?")).findFirst().orElseThrow();
        String body = sent.body().toString();
        assertThat(body).contains("Answer 79:").doesNotContain("Question 0:");
        com.knuddels.jtokkit.api.Encoding encoding = com.knuddels.jtokkit.Encodings.newLazyEncodingRegistry()
                .getEncoding(com.knuddels.jtokkit.api.EncodingType.O200K_BASE);
        int inputTokens = encoding.countTokensOrdinary(sent.instructions()) + java.util.stream.StreamSupport
                .stream(sent.body().path("responses".equals(sent.api()) ? "input" : "messages").spliterator(), false)
                .mapToInt(item -> encoding.countTokensOrdinary(item.path("content").toString()) + 4).sum();
        assertThat(inputTokens).isLessThanOrEqualTo(1500 + 200);
    }

    /** A thread with {@code earlierRuns} completed exchanges, and a queued run for {@code content}. */
    private Run storeLongThread(int earlierRuns, String content) {
        Instant start = Instant.now().minusSeconds(3600);
        ChatThread thread = mongo.insert(ChatThread.create(Ids.newId(), "alice", "t", "orchestrator", start),
                ChatThread.COLLECTION);
        for (int i = 0; i < earlierRuns; i++) {
            Instant at = start.plusSeconds(i * 10L);
            Run done = new Run(Ids.newId(), thread.id(), "alice", i + 1, RunStatus.COMPLETED, 1, Ids.newId(), Ids.newId(),
                    "orchestrator", null, null, null, null, false, true, at, at.plusSeconds(5), 8, null, null);
            mongo.insert(done, Run.COLLECTION);
            mongo.insert(Message.user(done.userMessageId(), thread.id(), "alice", "Question " + i + ": "
                    + "what goes with a charcoal suit and brown brogues for an autumn office party? ".repeat(3), at,
                    done.id(), null, null), Message.COLLECTION);
            mongo.insert(new Message(done.assistantMessageId(), thread.id(), done.userMessageId(),
                    dev.threadline.model.message.Role.ASSISTANT,
                    "Answer " + i + ": " + "a crisp white shirt, a burgundy knit tie and a navy pocket square. ".repeat(3),
                    "orchestrator", at.plusSeconds(1), MessageStatus.COMPLETE, done.id(), 1, 3, null, null, null, null, null, null, 0),
                    Message.COLLECTION);
        }
        Run run = Run.queued(Ids.newId(), thread.id(), "alice", earlierRuns + 1, Ids.newId(), Ids.newId(), "orchestrator",
                null, null, Instant.now());
        mongo.insert(Message.user(run.userMessageId(), thread.id(), "alice", content, Instant.now(), run.id(), null, null),
                Message.COLLECTION);
        return mongo.insert(run, Run.COLLECTION);
    }

    private Run storeRun(String content) {
        return storeRun("alice", content);
    }

    private Run storeRun(String user, String content) {
        Instant now = Instant.now();
        ChatThread thread = mongo.insert(ChatThread.create(Ids.newId(), user, "t", "orchestrator", now),
                ChatThread.COLLECTION);
        Run run = Run.queued(Ids.newId(), thread.id(), user, 1, Ids.newId(), Ids.newId(), "orchestrator", null, null,
                now);
        mongo.insert(Message.user(run.userMessageId(), thread.id(), user, content, now, run.id(), null, null),
                Message.COLLECTION);
        return mongo.insert(run, Run.COLLECTION);
    }

    private List<JsonNode> listen(String threadId) {
        List<JsonNode> events = new CopyOnWriteArrayList<>();
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

    private void publish(byte[] body) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        new RabbitTemplate(connections).send(Topology.REQUESTS_EXCHANGE, Topology.RUNS_ROUTING_KEY,
                new org.springframework.amqp.core.Message(body, properties));
    }

    private long deadLetters() {
        QueueInformation info = admin.getQueueInfo(Topology.DEAD_LETTER_QUEUE);
        return info == null ? 0 : info.getMessageCount();
    }

    private boolean terminal(JsonNode event) {
        return List.of("run.completed", "run.failed", "run.cancelled").contains(event.path("type").asString());
    }
}

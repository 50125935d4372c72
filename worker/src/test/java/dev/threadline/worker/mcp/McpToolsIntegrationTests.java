package dev.threadline.worker.mcp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.threadline.common.Ids;
import dev.threadline.common.assistant.AssistantCatalog;
import dev.threadline.model.Topology;
import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.assistant.ToolSettings;
import dev.threadline.model.message.Message;
import dev.threadline.common.run.RunLifecycle;
import dev.threadline.model.run.ApprovalDecision;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.McpTestServer;
import dev.threadline.testing.RecordedRequest;
import dev.threadline.testing.TestServices;
import dev.threadline.worker.WorkerApplication;
import io.micrometer.core.instrument.MeterRegistry;
import io.modelcontextprotocol.spec.McpSchema;
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
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.mongodb.core.MongoTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A worker with two MCP servers (PROTOCOL.md §13): {@code docs}, a real MCP server made with the SDK's server side,
 * and {@code gone}, where nothing listens. Runs are published as a gateway publishes them; the fake model asks for
 * the tools and the thread's events, the MCP server's calls and the model's next request are checked.
 */
class McpToolsIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static FakeOpenAiServer model;
    private static McpTestServer docs;
    private static ConfigurableApplicationContext worker;
    private static CachingConnectionFactory connections;
    private static RabbitAdmin admin;
    private static MongoTemplate mongo;
    private static final List<SimpleMessageListenerContainer> listeners = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        model = new FakeOpenAiServer();
        docs = McpTestServer.start("docs")
                .textTool("search", "Searches the style guide", arguments -> "found: " + arguments.get("text"))
                .tool("facts", "Facts about a colour", Map.of("type", "object"), arguments -> McpSchema.CallToolResult
                        .builder().addTextContent("navy is dark blue").structuredContent(Map.of("colour", "navy"))
                        .build())
                .tool("slow", "Never answers in time", Map.of("type", "object"), arguments -> docs.hang())
                .tool("broken", "Always fails", Map.of("type", "object"), arguments -> McpTestServer.error("boom"));
        connections = new CachingConnectionFactory(URI.create(TestServices.rabbitUri()));
        admin = new RabbitAdmin(connections);
        try {
            admin.purgeQueue(Topology.RUNS_QUEUE, false);
        }
        catch (RuntimeException firstRun) {
            // the queue does not exist yet
        }
        String servers = JSON.writeValueAsString(List.of(
                Map.of("name", "docs", "url", docs.url(), "headers", Map.of("Authorization", "Bearer docs-token")),
                Map.of("name", "gone", "url", McpTestServer.urlOf(McpTestServer.freePort()))));
        worker = WorkerApplication.builder().web(WebApplicationType.SERVLET).run("--spring.main.banner-mode=off",
                "--server.port=0", "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(),
                "--spring.mongodb.uri=" + TestServices.mongoUri(), "--threadline.model.api-key=test-key",
                "--threadline.model.base-url=" + model.baseUrl(), "--threadline.model.max-retries=0",
                "--threadline.mcp.servers=" + servers, "--threadline.mcp.connect-timeout=5s",
                "--threadline.mcp.call-timeout=1s", "--threadline.mcp.rediscover-interval=1m");
        mongo = worker.getBean(MongoTemplate.class);
        AssistantCatalog catalog = worker.getBean(AssistantCatalog.class);
        List<String> tools = List.of("docs__search", "docs__facts", "docs__slow", "docs__broken", "docs__added",
                "gone__lookup", "get_weather");
        catalog.save(assistant("researcher", tools, tools.stream().filter(tool -> tool.contains("__"))
                .collect(java.util.stream.Collectors.toMap(tool -> tool, tool -> new ToolSettings(ToolSettings.NEVER)))));
        catalog.save(assistant("cautious", List.of("docs__search", "get_weather"), Map.of()));
        await().atMost(Duration.ofSeconds(10)).until(() -> "UP".equals(server("docs").path("status").asString()));
    }

    @AfterAll
    static void stop() {
        listeners.forEach(SimpleMessageListenerContainer::stop);
        worker.close();
        connections.destroy();
        docs.close();
        model.close();
    }

    @Test
    void toolsOfTheServerAreOfferedAndACallReachesItAndReturnsItsOutputToTheModel() {
        model.respondWith(request -> request.toolOutputs().isEmpty() ? new FakeReply.ToolCalls(List.of(
                new FakeReply.ToolCall("call-search", "docs__search", "{\"text\":\"linen\"}"),
                new FakeReply.ToolCall("call-facts", "docs__facts", "{}"))) : FakeReply.text("Linen it is."));

        List<JsonNode> events = runAndAwaitEnd("researcher", "What about linen?");

        RecordedRequest first = requestWith("What about linen?", 0);
        assertThat(first.toolNames()).contains("docs__search", "docs__facts", "docs__slow", "docs__broken",
                "get_weather").doesNotContain("gone__lookup");
        assertThat(docs.calls()).filteredOn(call -> "linen".equals(call.arguments().get("text"))).singleElement()
                .satisfies(call -> {
                    assertThat(call.tool()).isEqualTo("search");
                    assertThat(call.arguments()).isEqualTo(Map.of("text", "linen"));
                    assertThat(call.authorization()).isEqualTo("Bearer docs-token");
                });
        assertThat(result(events, "call-search").path("output").asString()).isEqualTo("found: linen");
        assertThat(result(events, "call-search").has("error")).isFalse();
        assertThat(result(events, "call-facts").path("output").path("colour").asString()).isEqualTo("navy");
        Map<String, String> outputs = requestWith("What about linen?", 1).toolOutputs();
        assertThat(outputs.get("call-search")).isEqualTo("found: linen");
        assertThat(JSON.readTree(outputs.get("call-facts")).path("colour").asString()).isEqualTo("navy");
        assertThat(last(events).path("type").asString()).isEqualTo("run.completed");
    }

    @Test
    void aSlowToolTimesOutAndAFailingOneReportsItsErrorWhileTheRunCompletes() {
        model.respondWith(request -> request.toolOutputs().isEmpty() ? new FakeReply.ToolCalls(List.of(
                new FakeReply.ToolCall("call-slow", "docs__slow", "{}"),
                new FakeReply.ToolCall("call-broken", "docs__broken", "{}"))) : FakeReply.text("Sorry."));
        long started = System.nanoTime();

        List<JsonNode> events = runAndAwaitEnd("researcher", "Slow and broken?");

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(result(events, "call-slow").path("error").asString())
                .isEqualTo("MCP server 'docs' did not answer within 1000 ms");
        assertThat(result(events, "call-broken").path("error").asString())
                .isEqualTo("The tool 'broken' of MCP server 'docs' reported an error: boom");
        assertThat(requestWith("Slow and broken?", 1).toolOutputs().get("call-slow")).contains("did not answer");
        assertThat(last(events).path("type").asString()).isEqualTo("run.completed");
    }

    @Test
    void aServerThatIsDownFailsOnlyItsOwnToolsAndShowsDownInTheHealthEndpoint() {
        model.respondWith(request -> request.toolOutputs().isEmpty() ? new FakeReply.ToolCalls(List.of(
                new FakeReply.ToolCall("call-gone", "gone__lookup", "{}"),
                new FakeReply.ToolCall("call-docs", "docs__search", "{\"text\":\"wool\"}"))) : FakeReply.text("Ok."));

        List<JsonNode> events = runAndAwaitEnd("researcher", "Is it down?");

        assertThat(result(events, "call-gone").path("error").asString())
                .startsWith("MCP server 'gone' is unavailable: ");
        assertThat(result(events, "call-docs").path("output").asString()).isEqualTo("found: wool");
        assertThat(last(events).path("type").asString()).isEqualTo("run.completed");
        JsonNode health = health();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(server("gone").path("status").asString()).isEqualTo("DOWN");
        assertThat(server("gone").path("error").asString()).isNotBlank();
        assertThat(server("docs").path("tools").asInt()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void aToolTheServerAddsAndAnnouncesIsOfferedOnTheNextRun() {
        docs.textTool("added", "Added while the worker runs", arguments -> "new");

        await().atMost(Duration.ofSeconds(5)).until(() -> server("docs").path("tools").asInt() == 5);
        model.respondWith(request -> FakeReply.text("Seen."));
        runAndAwaitEnd("researcher", "Anything new?");

        assertThat(requestWith("Anything new?", 0).toolNames()).contains("docs__added");
    }

    @Test
    void anMcpToolWithoutToolSettingsWaitsForApprovalHoldingNoWorkerAndRunsOnceApproved() {
        model.respondWith(request -> request.toolOutputs().isEmpty()
                ? FakeReply.toolCall("call-guarded", "docs__search", "{\"text\":\"silk\"}") : FakeReply.text("Silk."));

        Started started = start("cautious", "May I search silk?");
        await().atMost(Duration.ofSeconds(15)).until(() -> has(started.events(), "tool.approval_requested"));

        Run waiting = mongo.findById(started.run().id(), Run.class, Run.COLLECTION);
        assertThat(waiting.status()).isEqualTo(RunStatus.AWAITING_APPROVAL);
        assertThat(waiting.leaseUntil()).isNull();
        assertThat(waiting.approval().tool()).isEqualTo("docs__search");
        assertThat(waiting.approval().arguments()).isEqualTo(Map.of("text", "silk"));
        await("no run in flight on the worker, nothing back in the queue").atMost(Duration.ofSeconds(5))
                .until(() -> worker.getBean(MeterRegistry.class).get("threadline.runs.active").gauge().value() == 0
                        && admin.getQueueInfo(Topology.RUNS_QUEUE).getMessageCount() == 0);
        assertThat(docs.calls()).noneMatch(call -> "silk".equals(call.arguments().get("text")));
        JsonNode request = event(started.events(), "tool.approval_requested");
        assertThat(request.path("callId").asString()).isEqualTo("call-guarded");
        assertThat(request.path("arguments").path("text").asString()).isEqualTo("silk");

        answer(started, "call-guarded", true);
        await().atMost(Duration.ofSeconds(15)).until(() -> ended(started.events()));

        assertThat(docs.calls()).filteredOn(call -> "silk".equals(call.arguments().get("text"))).hasSize(1);
        assertThat(types(started.events())).containsSubsequence("run.started", "tool.call", "tool.approval_requested",
                "tool.approval_resolved", "tool.result", "message.delta", "message.created", "run.completed");
        assertThat(started.events()).extracting(event -> event.path("seq").asLong())
                .as("one attempt, numbered on without gaps across the wait")
                .isEqualTo(java.util.stream.LongStream.rangeClosed(1, started.events().size()).boxed().toList());
        assertThat(event(started.events(), "tool.approval_resolved").path("userId").asString()).isEqualTo("alice");
        assertThat(result(started.events(), "call-guarded").path("output").asString()).isEqualTo("found: silk");
        assertThat(requestWith("May I search silk?", 1).toolOutputs().get("call-guarded")).isEqualTo("found: silk");
        Message answer = mongo.findById(started.run().assistantMessageId(), Message.class, Message.COLLECTION);
        assertThat(answer.content()).isEqualTo("Silk.");
        assertThat(mongo.findById(started.run().id(), Run.class, Run.COLLECTION).status())
                .isEqualTo(RunStatus.COMPLETED);
    }

    @Test
    void aDeniedCallDoesNotRunAndTheModelLearnsTheUserDeclinedIt() {
        model.respondWith(request -> request.toolOutputs().isEmpty()
                ? FakeReply.toolCall("call-denied", "docs__search", "{\"text\":\"fur\"}") : FakeReply.text("Fine."));

        Started started = start("cautious", "May I search fur?");
        await().atMost(Duration.ofSeconds(15)).until(() -> has(started.events(), "tool.approval_requested"));
        answer(started, "call-denied", false);
        await().atMost(Duration.ofSeconds(15)).until(() -> ended(started.events()));

        assertThat(docs.calls()).noneMatch(call -> "fur".equals(call.arguments().get("text")));
        assertThat(result(started.events(), "call-denied").path("error").asString())
                .startsWith("The user declined this tool call; it was not run (not today)");
        assertThat(requestWith("May I search fur?", 1).toolOutputs().get("call-denied")).contains("declined");
        assertThat(last(started.events()).path("type").asString()).isEqualTo("run.completed");
    }

    private static AssistantDefinition assistant(String name, List<String> tools, Map<String, ToolSettings> settings) {
        Instant now = Instant.now();
        return new AssistantDefinition(Ids.newId(), name, name, null, "Use your tools.", null, tools, List.of(),
                settings, now, now);
    }

    private static JsonNode health() {
        try {
            int port = Integer.parseInt(worker.getEnvironment().getProperty("local.server.port"));
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static JsonNode server(String name) {
        return health().path("components").path("mcp").path("details").path("servers").path(name);
    }

    private static RecordedRequest requestWith(String question, int index) {
        return model.requests().stream().filter(request -> request.lastUserText().equals(question)).toList().get(index);
    }

    private static JsonNode result(List<JsonNode> events, String callId) {
        return events.stream().filter(event -> "tool.result".equals(event.path("type").asString())
                && callId.equals(event.path("callId").asString())).findFirst().orElseThrow();
    }

    private static JsonNode last(List<JsonNode> events) {
        return events.getLast();
    }

    private List<JsonNode> runAndAwaitEnd(String assistant, String content) {
        Started started = start(assistant, content);
        await().atMost(Duration.ofSeconds(15)).until(() -> ended(started.events()));
        return started.events();
    }

    private Started start(String assistant, String content) {
        Instant now = Instant.now();
        ChatThread thread = mongo.insert(ChatThread.create(Ids.newId(), "alice", "t", assistant, now),
                ChatThread.COLLECTION);
        Run run = Run.queued(Ids.newId(), thread.id(), "alice", 1, Ids.newId(), Ids.newId(), assistant, null, null,
                now);
        mongo.insert(Message.user(run.userMessageId(), thread.id(), "alice", content, now, run.id(), null, null),
                Message.COLLECTION);
        mongo.insert(run, Run.COLLECTION);
        List<JsonNode> events = listen(thread.id());
        request(run);
        return new Started(run, events);
    }

    /** As the gateway answers: the decision recorded on the run, then a request to continue it. */
    private static void answer(Started started, String callId, boolean approved) {
        assertThat(worker.getBean(RunLifecycle.class).decide(started.run().threadId(), started.run().id(), callId,
                ApprovalDecision.by("alice", approved, approved ? null : "not today", Instant.now()))).isPresent();
        request(started.run());
    }

    private static void request(Run run) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        new RabbitTemplate(connections).send(Topology.REQUESTS_EXCHANGE, Topology.RUNS_ROUTING_KEY,
                new org.springframework.amqp.core.Message(JSON.writeValueAsBytes(run.toRequest()), properties));
    }

    private static boolean ended(List<JsonNode> events) {
        return events.stream().anyMatch(event -> List.of("run.completed", "run.failed", "run.cancelled")
                .contains(event.path("type").asString()));
    }

    private static boolean has(List<JsonNode> events, String type) {
        return events.stream().anyMatch(event -> type.equals(event.path("type").asString()));
    }

    private static JsonNode event(List<JsonNode> events, String type) {
        return events.stream().filter(event -> type.equals(event.path("type").asString())).findFirst().orElseThrow();
    }

    private static List<String> types(List<JsonNode> events) {
        return events.stream().map(event -> event.path("type").asString()).toList();
    }

    private record Started(Run run, List<JsonNode> events) {
    }

    private static List<JsonNode> listen(String threadId) {
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
}

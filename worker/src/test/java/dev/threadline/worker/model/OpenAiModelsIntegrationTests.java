package dev.threadline.worker.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Both adapters with the worker's openai-java client against the fake server's streaming wire formats. */
class OpenAiModelsIntegrationTests {

    private static final FakeOpenAiServer server = new FakeOpenAiServer();
    private static final ModelProperties properties = TestProviders.properties(server.baseUrl(), 1,
            Duration.ofSeconds(30), Duration.ofSeconds(4));
    private static final ProviderConnections connections = new ProviderConnections(properties);
    private static final OpenAIClient client = connections.openAiClient(properties);

    private final ModelRequest request = new ModelRequest("gpt-4.1-mini", "You are a stylist.",
            List.of(new ConversationItem.UserText("Hi"), new ConversationItem.AssistantText("Hello! How can I help?"),
                    new ConversationItem.UserText("Blue or grey?")), 0.3, List.of());

    @BeforeEach
    void reset() {
        server.reset();
    }

    @AfterAll
    static void stop() {
        client.close();
        connections.close();
        server.close();
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void streamsEveryDeltaInOrderAndReportsUsage(String api) {
        server.respondWith(recorded -> FakeReply.text("Grey", " suits", " you."));
        List<String> deltas = new CopyOnWriteArrayList<>();

        ModelResult result = model(api).stream(request, deltas::add, new Cancellation());

        assertThat(deltas).containsExactly("Grey", " suits", " you.");
        assertThat(result.text()).isEqualTo("Grey suits you.");
        assertThat(result.inputTokens()).isEqualTo(12);
        assertThat(result.outputTokens()).isEqualTo(3);
        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.api()).isEqualTo(api);
        assertThat(sent.lastUserText()).isEqualTo("Blue or grey?");
        assertThat(sent.body().path("stream").asBoolean()).isTrue();
        assertThat(sent.body().toString()).contains("You are a stylist.", "Hello! How can I help?");
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void cachedInputTokensAreReadFromEitherApisUsageDetails(String api) {
        server.respondWith(recorded -> FakeReply.text("Grey.").withUsage(2_048, 7, 1_920));

        ModelResult result = model(api).stream(request, delta -> { }, new Cancellation());

        assertThat(result.inputTokens()).isEqualTo(2_048);
        assertThat(result.outputTokens()).isEqualTo(7);
        assertThat(result.cachedTokens()).isEqualTo(1_920);
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void streamedToolCallsAreAssembledAndTheirOutputsGoBackWithTheNextTurn(String api) {
        ToolSpec weather = new ToolSpec("get_weather", "Weather at a place", Map.of("type", "object", "properties",
                Map.of("location", Map.of("type", "string")), "required", List.of("location")));
        server.respondWith(recorded -> recorded.toolOutputs().isEmpty()
                ? new FakeReply.ToolCalls(List.of(new FakeReply.ToolCall("call_1", "get_weather", "{\"location\":\"Oslo\"}"),
                        new FakeReply.ToolCall("call_2", "get_weather", "{\"location\":\"Bergen, Norway\"}")))
                : FakeReply.text("Bring an umbrella."));
        ModelRequest withTools = new ModelRequest("gpt-4.1-mini", "You are a stylist.",
                List.of(new ConversationItem.UserText("Oslo or Bergen?")), null, List.of(weather));

        ModelResult first = model(api).stream(withTools, delta -> { }, new Cancellation());

        assertThat(first.toolCalls()).containsExactly(
                new ConversationItem.ToolCall("call_1", "get_weather", "{\"location\":\"Oslo\"}"),
                new ConversationItem.ToolCall("call_2", "get_weather", "{\"location\":\"Bergen, Norway\"}"));
        assertThat(server.requests().get(0).toolNames()).containsExactly("get_weather");
        List<ConversationItem> next = new java.util.ArrayList<>(withTools.items());
        next.addAll(first.toolCalls());
        next.add(new ConversationItem.ToolOutput("call_1", "{\"temperatureC\":4}"));
        next.add(new ConversationItem.ToolOutput("call_2", "{\"temperatureC\":7}"));

        ModelResult second = model(api).stream(new ModelRequest("gpt-4.1-mini", "You are a stylist.", next, null,
                List.of(weather)), delta -> { }, new Cancellation());

        assertThat(second.text()).isEqualTo("Bring an umbrella.");
        assertThat(second.toolCalls()).isEmpty();
        assertThat(server.requests().get(1).toolOutputs())
                .containsExactly(Map.entry("call_1", "{\"temperatureC\":4}"), Map.entry("call_2", "{\"temperatureC\":7}"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void imagesOfTheUserTurnReachTheModel(String api) {
        String image = "data:image/png;base64,iVBORw0KGgo=";
        ModelRequest withImage = new ModelRequest("gpt-4.1-mini", "You are a stylist.",
                List.of(new ConversationItem.UserText("Does this fit?", List.of(image))), null, List.of());

        model(api).stream(withImage, delta -> { }, new Cancellation());

        assertThat(server.requests().get(0).lastUserImages()).containsExactly(image);
        assertThat(server.requests().get(0).lastUserText()).isEqualTo("Does this fit?");
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void aServerErrorIsRetriedThenReportedAsRetryable(String api) {
        server.respondWith(recorded -> FakeReply.error(503, "overloaded"));

        assertThatExceptionOfType(ModelException.class)
                .isThrownBy(() -> model(api).stream(request, delta -> { }, new Cancellation()))
                .satisfies(ex -> {
                    assertThat(ex.code()).isEqualTo("model_error");
                    assertThat(ex.retryable()).isTrue();
                });
        assertThat(server.requests()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void aRateLimitIsRetriedAfterTheServersRetryAfter(String api) {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        server.respondWith(recorded -> calls.getAndIncrement() == 0
                ? new FakeReply.HttpError(429, "slow down", Map.of("Retry-After", "1"))
                : FakeReply.text("Done."));
        long started = System.nanoTime();

        ModelResult result = model(api).stream(request, delta -> { }, new Cancellation());

        assertThat(result.text()).isEqualTo("Done.");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        assertThat(server.requests()).hasSize(2);
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void aProviderThatGoesSilentFailsTheCallWithModelTimeout(String api) {
        server.respondWith(recorded -> new FakeReply.Hang());
        ModelProperties silence = TestProviders.properties(server.baseUrl(), 0, Duration.ofMillis(500),
                Duration.ofSeconds(4));
        ProviderConnections impatientConnections = new ProviderConnections(silence);
        OpenAIClient impatient = impatientConnections.openAiClient(silence);
        try {
            ChatModel silent = "responses".equals(api) ? new ResponsesModel(impatient) : new ChatCompletionsModel(impatient);
            long started = System.nanoTime();

            assertThatExceptionOfType(ModelException.class)
                    .isThrownBy(() -> silent.stream(request, delta -> { }, new Cancellation()))
                    .satisfies(ex -> {
                        assertThat(ex.code()).isEqualTo("model_timeout");
                        assertThat(ex.retryable()).isTrue();
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
        finally {
            impatient.close();
            impatientConnections.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void aBadRequestIsNotRetryable(String api) {
        server.respondWith(recorded -> FakeReply.error(400, "bad model"));

        assertThatExceptionOfType(ModelException.class)
                .isThrownBy(() -> model(api).stream(request, delta -> { }, new Cancellation()))
                .satisfies(ex -> assertThat(ex.retryable()).isFalse());
        assertThat(server.requests()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void cancellingStopsAStreamThatHangsWithinASecond(String api) throws Exception {
        server.respondWith(recorded -> new FakeReply.Hang());
        Cancellation cancellation = new Cancellation();
        CompletableFuture<ModelResult> call = new CompletableFuture<>();
        Thread.startVirtualThread(() -> call.complete(model(api).stream(request, delta -> { }, cancellation)));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests().size() == 1);

        cancellation.cancel();

        assertThat(call.get(1, TimeUnit.SECONDS).text()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void cancellingStopsACallTheProviderHasNotAnsweredYetWithoutRetryingIt(String api) throws Exception {
        server.respondWith(recorded -> new FakeReply.Unanswered());
        Cancellation cancellation = new Cancellation();
        CompletableFuture<ModelResult> call = new CompletableFuture<>();
        Thread.startVirtualThread(() -> call.complete(model(api).stream(request, delta -> { }, cancellation)));
        await().atMost(Duration.ofSeconds(5)).until(() -> server.requests().size() == 1);

        cancellation.cancel();

        assertThat(call.get(1, TimeUnit.SECONDS).text()).isEmpty();
        assertThat(server.requests()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = { "responses", "chat-completions" })
    void aCancelledRunSendsNothing(String api) {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        ModelResult result = model(api).stream(request, delta -> { }, cancellation);

        assertThat(result.text()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    private ChatModel model(String api) {
        return "responses".equals(api) ? new ResponsesModel(client) : new ChatCompletionsModel(client);
    }
}

package dev.threadline.worker.model;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
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

/** Both adapters with the real openai-java client against the fake server's streaming wire formats. */
class OpenAiModelsIntegrationTests {

    private static final FakeOpenAiServer server = new FakeOpenAiServer();
    private static final OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("test-key").baseUrl(server.baseUrl())
            .maxRetries(1).timeout(Duration.ofSeconds(30)).build();

    private final ModelRequest request = new ModelRequest("gpt-4.1-mini", "You are a stylist.",
            List.of(Turn.user("Hi"), Turn.assistant("Hello! How can I help?"), Turn.user("Blue or grey?")), 0.3);

    @BeforeEach
    void reset() {
        server.reset();
    }

    @AfterAll
    static void stop() {
        client.close();
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

    private ChatModel model(String api) {
        return "responses".equals(api) ? new ResponsesModel(client) : new ChatCompletionsModel(client);
    }
}

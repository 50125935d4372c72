package dev.threadline.worker.model;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeOpenAiServer.IdleClose;
import dev.threadline.testing.FakeReply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A provider that closes idle keep-alive connections (Node's and uvicorn's default, so vLLM's, after 5 s;
 * a few hundred milliseconds here) after a burst of answers and a pause. With openai-java's defaults the
 * next call fails with {@code model_unavailable}, each retry taking another dead pooled connection. The
 * worker's client closes idle connections before the provider does, and sends a request that still meets
 * a dead connection again on a new one — with no retry left to spend ({@code max-retries} 0 here).
 */
class ProviderConnectionsIntegrationTests {

    private static final int BURST = 4;
    private static final Duration SERVER_IDLE_CLOSE = Duration.ofMillis(400);

    private final ModelRequest request = new ModelRequest("gpt-4.1-mini", "You are a stylist.",
            List.of(new ConversationItem.UserText("Blue or grey?")), null, List.of());
    private FakeOpenAiServer server;

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withOpenAiJavasDefaultsACallAfterThePauseFailsOnConnectionsTheProviderClosed() {
        server = FakeOpenAiServer.closingIdleConnections(SERVER_IDLE_CLOSE, IdleClose.CLOSE);
        OpenAIClient defaults = OpenAIOkHttpClient.builder().apiKey("test-key").baseUrl(server.baseUrl()).maxRetries(2)
                .build();
        try {
            ChatModel model = new ResponsesModel(defaults);
            burst(model);
            await().atMost(Duration.ofSeconds(10)).until(() -> server.connectionsClosedByServer() == BURST);

            assertThatExceptionOfType(ModelException.class).isThrownBy(() -> ask(model))
                    .satisfies(ex -> assertThat(ex.code()).isEqualTo("model_unavailable"));
            assertThat(server.requests()).hasSize(BURST);
        }
        finally {
            defaults.close();
        }
    }

    @Test
    void idleConnectionsAreClosedBeforeTheProviderClosesThem() {
        server = FakeOpenAiServer.closingIdleConnections(SERVER_IDLE_CLOSE, IdleClose.CLOSE);
        ModelProperties properties = TestProviders.properties(server.baseUrl(), 0, Duration.ofSeconds(30),
                Duration.ofMillis(150));
        try (ProviderConnections connections = new ProviderConnections(properties);
                OpenAIClientResource client = new OpenAIClientResource(connections.openAiClient(properties))) {
            ChatModel model = new ResponsesModel(client.value());
            burst(model);

            await().pollDelay(SERVER_IDLE_CLOSE.plusMillis(100)).atMost(Duration.ofSeconds(10))
                    .until(() -> server.openConnections() == 0);

            assertThat(server.connectionsClosedByServer()).isZero();
            assertThat(ask(model).text()).isEqualTo("After the pause.");
            assertThat(server.requestsPerConnection()).containsExactly(1, 1, 1, 1, 1);
        }
    }

    @Test
    void aRequestOnAConnectionTheProviderClosedGoesOutAgainOnANewOneWithoutSpendingARetry() {
        server = FakeOpenAiServer.closingIdleConnections(SERVER_IDLE_CLOSE, IdleClose.CLOSE);
        assertNextCallsSucceedAfterThePause(() -> server.connectionsClosedByServer() == BURST);
    }

    @Test
    void aRequestOnAConnectionTheProviderResetsGoesOutAgainOnANewOneWithoutSpendingARetry() {
        server = FakeOpenAiServer.closingIdleConnections(SERVER_IDLE_CLOSE, IdleClose.RESET_ON_REUSE);
        assertNextCallsSucceedAfterThePause(() -> server.openConnections() == BURST);
        assertThat(server.connectionsClosedByServer()).isEqualTo(BURST);
    }

    /** The client keeps idle connections longer than the provider does, so every pooled one is dead after the pause. */
    private void assertNextCallsSucceedAfterThePause(java.util.concurrent.Callable<Boolean> pauseOver) {
        ModelProperties properties = TestProviders.properties(server.baseUrl(), 0, Duration.ofSeconds(30),
                Duration.ofMinutes(5));
        try (ProviderConnections connections = new ProviderConnections(properties);
                OpenAIClientResource client = new OpenAIClientResource(connections.openAiClient(properties))) {
            ChatModel model = new ResponsesModel(client.value());
            burst(model);
            await().pollDelay(SERVER_IDLE_CLOSE.plusMillis(100)).atMost(Duration.ofSeconds(10)).until(pauseOver);
            assertThat(connections.idleConnections()).isEqualTo(BURST);

            assertThat(ask(model).text()).isEqualTo("After the pause.");
            assertThat(ask(model).text()).isEqualTo("After the pause.");
            assertThat(ask(model).text()).isEqualTo("After the pause.");

            assertThat(server.requests()).hasSize(BURST + 3);
            assertThat(server.requestsPerConnection()).containsExactly(1, 1, 1, 1, 3);
        }
    }

    /** {@link #BURST} answers at once, each on its own connection: each waits until all have arrived. */
    private void burst(ChatModel model) {
        CountDownLatch all = new CountDownLatch(BURST);
        server.respondWith(recorded -> {
            all.countDown();
            try {
                all.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return FakeReply.text("Burst ", "answer.");
        });
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ModelResult>> answers = IntStream.range(0, BURST)
                    .mapToObj(i -> calls.submit(() -> ask(model))).toList();
            for (Future<ModelResult> answer : answers) {
                assertThat(answer.get().text()).isEqualTo("Burst answer.");
            }
        }
        catch (Exception ex) {
            throw new AssertionError("the burst failed", ex);
        }
        server.respondWith(recorded -> FakeReply.text("After ", "the pause."));
        assertThat(server.requestsPerConnection()).containsExactly(1, 1, 1, 1);
    }

    private ModelResult ask(ChatModel model) {
        return model.stream(request, delta -> { }, new Cancellation());
    }

    /** Closes the client at the end of a try block. */
    private record OpenAIClientResource(OpenAIClient value) implements AutoCloseable {

        @Override
        public void close() {
            value.close();
        }
    }
}

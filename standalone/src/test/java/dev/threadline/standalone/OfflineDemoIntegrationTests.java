package dev.threadline.standalone;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.threadline.standalone.ThreadEventLists.deltas;
import static dev.threadline.standalone.ThreadEventLists.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The first ten minutes without a key: the local mode with no {@code OPENAI_API_KEY} and no reachable
 * weather service. The offline demo model drives the real orchestrator, so the orchestrator consults the
 * wardrobe specialist, which calls its tools, and the scripted, labelled answer streams from their results.
 */
class OfflineDemoIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static StandaloneApplication app;

    private StompTestClient client;

    @BeforeAll
    static void start() {
        String nowhere = unreachableUrl();
        app = StandaloneApplication.start(
                new StandaloneApplication.LocalModeSettings(null, null, TestTokens.SECRET, false, null),
                "--server.port=0", "--spring.main.banner-mode=off", "--threadline.model.api-key=",
                "--threadline.model.api-key-file=", "--threadline.model.offline-token-interval=20ms",
                "--threadline.tools.weather-base-url=" + nowhere, "--threadline.tools.geocoding-base-url=" + nowhere);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @AfterEach
    void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void withoutAKeyTheOrchestratorConsultsTheWardrobeWhichChecksTheWeatherAndTheLabelledAnswerStreams() {
        List<JsonNode> events = converse(newUser(), "What should I wear in Paris tomorrow?");

        await().atMost(TIMEOUT).until(() -> types(events).contains("run.completed"));
        List<String> described = events.stream().map(OfflineDemoIntegrationTests::describe).toList();
        assertThat(described.stream().filter(d -> !d.equals("message.delta") && !d.equals("presence")
                && !d.endsWith(":search_wardrobe")))
                .containsExactly("message.created:user", "run.queued", "run.started:orchestrator",
                        "assistant.consulted:orchestrator>wardrobe", "tool.call:wardrobe:get_weather",
                        "tool.result:wardrobe:get_weather", "tool.result:orchestrator:ask_wardrobe",
                        "message.created:assistant", "run.completed");
        assertThat(described).containsSubsequence("assistant.consulted:orchestrator>wardrobe",
                "tool.call:wardrobe:search_wardrobe", "tool.result:wardrobe:search_wardrobe",
                "tool.result:orchestrator:ask_wardrobe", "message.delta", "message.created:assistant");
        assertThat(described.indexOf("message.delta")).isGreaterThan(described.indexOf("tool.result:orchestrator:ask_wardrobe"));
        assertThat(described.lastIndexOf("message.delta")).isLessThan(described.indexOf("message.created:assistant"));

        assertThat(find(events, "tool.call", "get_weather").path("arguments").path("location").asString()).isEqualTo("Paris");
        JsonNode weather = find(events, "tool.result", "get_weather").path("output");
        assertThat(weather.path("source").asString()).isEqualTo("offline estimate (weather service unreachable)");
        String streamed = deltas(events);
        assertThat(streamed).startsWith("[Offline demo model: no OPENAI_API_KEY is set")
                .contains("The wardrobe specialist says: Weather in Paris",
                        figure(weather.path("temperatureC").asDouble()) + " °C now",
                        "offline estimate (weather service unreachable)", "Your wardrobe holds no items yet");
        JsonNode answer = events.stream().filter(e -> describe(e).equals("message.created:assistant")).findFirst()
                .orElseThrow().path("message");
        assertThat(answer.path("content").asString()).isEqualTo(streamed);
    }

    @Test
    void anEmotionalQuestionAlsoConsultsThePsychologistAndItsUntitledThreadIsNamedByItsFirstWords() {
        String user = newUser();
        String threadId = new ApiClient("http://127.0.0.1:" + app.port(), TestTokens.token(user))
                .post("/api/threads", Map.of()).json().path("id").asString();
        List<JsonNode> events = subscribe(user, threadId);
        client.sendWithReceipt("/app/threads/" + threadId + "/messages",
                Map.of("content", "I am nervous about a job interview in Berlin. What should I wear?")).join();

        await().atMost(TIMEOUT).until(() -> types(events).contains("run.completed"));
        await().atMost(TIMEOUT).until(() -> types(events).contains("thread.updated"));
        assertThat(events.stream().filter(e -> "thread.updated".equals(e.path("type").asString())).findFirst()
                .orElseThrow().path("thread").path("title").asString()).isEqualTo("I am nervous about a job…");
        assertThat(events.stream().map(OfflineDemoIntegrationTests::describe)).contains(
                "assistant.consulted:orchestrator>wardrobe", "assistant.consulted:orchestrator>psychologist",
                "tool.result:orchestrator:ask_psychologist", "tool.call:wardrobe:get_weather");
        assertThat(deltas(events)).contains("The wardrobe specialist says: Weather in Berlin",
                "The psychologist specialist says: Aim to feel at ease");
    }

    @Test
    void aCancelStopsTheDemoAnswerWithinASecond() {
        String user = newUser();
        String threadId = createThread(user);
        List<JsonNode> events = subscribe(user, threadId);
        client.sendWithReceipt("/app/threads/" + threadId + "/messages",
                Map.of("content", "What should I wear in Paris tomorrow?")).join();
        await().atMost(TIMEOUT).until(() -> types(events).contains("message.delta"));

        client.sendWithReceipt("/app/threads/" + threadId + "/cancel", Map.of()).join();

        await().atMost(Duration.ofSeconds(1)).until(() -> types(events).contains("run.cancelled"));
        assertThat(types(events)).doesNotContain("run.completed", "run.failed");
    }

    private List<JsonNode> converse(String user, String content) {
        String threadId = createThread(user);
        List<JsonNode> events = subscribe(user, threadId);
        client.sendWithReceipt("/app/threads/" + threadId + "/messages", Map.of("content", content)).join();
        return events;
    }

    private static String createThread(String user) {
        ApiClient api = new ApiClient("http://127.0.0.1:" + app.port(), TestTokens.token(user));
        return api.post("/api/threads", Map.of("title", "First ten minutes")).json().path("id").asString();
    }

    private List<JsonNode> subscribe(String user, String threadId) {
        client = StompTestClient.connect("ws://127.0.0.1:" + app.port() + "/ws", TestTokens.token(user));
        return client.subscribeAndWait("/topic/threads/" + threadId);
    }

    private static String describe(JsonNode event) {
        String type = event.path("type").asString();
        return switch (type) {
            case "message.created" -> type + ":" + event.path("message").path("role").asString();
            case "run.started" -> type + ":" + event.path("assistant").asString();
            case "assistant.consulted" -> type + ":" + event.path("from").asString() + ">" + event.path("to").asString();
            case "tool.call", "tool.result" -> type + ":" + event.path("assistant").asString() + ":"
                    + event.path("tool").asString();
            default -> type;
        };
    }

    private static JsonNode find(List<JsonNode> events, String type, String tool) {
        return events.stream().filter(e -> type.equals(e.path("type").asString()) && tool.equals(e.path("tool").asString()))
                .findFirst().orElseThrow();
    }



    private static String figure(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String newUser() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A local port nobody listens on, standing in for a weather service out of reach. */
    private static String unreachableUrl() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

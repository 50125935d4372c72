package dev.threadline.standalone;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.FakeWeatherServer;
import dev.threadline.testing.RecordedRequest;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.threadline.standalone.ThreadEventLists.deltas;
import static dev.threadline.standalone.ThreadEventLists.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The three assistants at work, seen by a STOMP client: the orchestrator consults the wardrobe
 * specialist, which calls its tools; consultation and tool events arrive in order, and only the
 * orchestrator's answer streams. The fake model scripts each assistant by its instructions.
 */
abstract class AssistantsScenarios {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    protected static final FakeWeatherServer weather = new FakeWeatherServer();
    protected static DistributedHarness harness;

    private StompTestClient client;

    protected static void start(String api) {
        harness = new DistributedHarness(api, List.of("--threadline.tools.weather-base-url=" + weather.baseUrl(),
                "--threadline.tools.geocoding-base-url=" + weather.baseUrl(), "--threadline.assistants.max-tool-rounds=4"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @BeforeEach
    void script() {
        weather.failWith500(false);
        harness.model.reset();
        harness.model.respondWith(AssistantsScenarios::stylistTeam);
    }

    @AfterEach
    void disconnect() {
        if (client != null) {
            client.close();
        }
    }

    @Test
    void theOrchestratorConsultsTheWardrobeWhichChecksTheWeatherAndOnlyTheAnswerStreams() {
        String user = newUser();
        List<JsonNode> events = converse(user, "What should I wear in Oslo tomorrow?");

        await().atMost(TIMEOUT).until(() -> hasType(events, "run.completed"));
        assertThat(events.stream().map(this::describe).filter(d -> !d.equals("message.delta") && !d.equals("presence"))
                .toList()).containsExactly(
                "message.created:user", "run.queued", "run.started:orchestrator",
                "assistant.consulted:orchestrator>wardrobe", "tool.call:wardrobe:get_weather",
                "tool.result:wardrobe:get_weather", "tool.result:orchestrator:ask_wardrobe",
                "message.created:assistant", "run.completed");
        JsonNode consulted = find(events, "assistant.consulted");
        assertThat(consulted.path("question").asString()).isEqualTo("What to wear in Oslo in the rain?");
        assertThat(find(events, "tool.call").path("arguments").path("location").asString()).isEqualTo("Oslo");
        assertThat(find(events, "tool.result").path("output").path("temperatureC").asDouble()).isEqualTo(4.2);
        String streamed = deltas(events);
        assertThat(streamed).isEqualTo("Take your navy wool coat and boots: it is 4 °C and raining.");
        assertThat(streamed).doesNotContain("Wardrobe says");
        RecordedRequest orchestratorFollowUp = harness.model.requests().stream()
                .filter(r -> r.instructions().contains("personal stylist") && !r.toolOutputs().isEmpty())
                .findFirst().orElseThrow();
        assertThat(orchestratorFollowUp.toolOutputs().values())
                .containsExactly("Wardrobe says: wool coat and boots for 4.2 °C rain.");
        assertThat(harness.model.requests().getFirst().toolNames()).containsExactlyInAnyOrder("ask_psychologist",
                "ask_wardrobe");
    }

    @Test
    void aFailingToolReturnsAnErrorToTheModelAndTheRunStillCompletes() {
        weather.failWith500(true);
        List<JsonNode> events = converse(newUser(), "What should I wear in Oslo tomorrow?");

        await().atMost(TIMEOUT).until(() -> hasType(events, "run.completed"));
        JsonNode result = events.stream().filter(e -> "tool.result".equals(e.path("type").asString())
                && "get_weather".equals(e.path("tool").asString())).findFirst().orElseThrow();
        assertThat(result.path("error").asString()).contains("HTTP 500");
        assertThat(harness.model.requests().stream().filter(r -> r.instructions().contains("wardrobe specialist"))
                .flatMap(r -> r.toolOutputs().values().stream())).anyMatch(output -> output.contains("error"));
        assertThat(types(events)).doesNotContain("run.failed");
    }

    @Test
    void assistantsThatNeverStopCallingToolsFailTheRunWithToolLoopLimit() {
        harness.model.respondWith(request -> FakeReply.toolCall("call_" + UUID.randomUUID().toString().substring(0, 8),
                "get_weather", "{\"location\":\"Oslo\"}"));
        List<JsonNode> events = converse(newUser(), "Loop forever");

        await().atMost(TIMEOUT).until(() -> hasType(events, "run.failed"));
        assertThat(find(events, "run.failed").path("error").path("code").asString()).isEqualTo("tool_loop_limit");
        assertThat(types(events)).doesNotContain("run.completed");
    }

    @Test
    void searchWardrobeSeesOnlyTheRequestingUsersItems() {
        String alice = newUser();
        String bob = newUser();
        ApiClient aliceApi = new ApiClient(harness.httpUrl(), TestTokens.token(alice));
        ApiClient bobApi = new ApiClient(harness.httpUrl(), TestTokens.token(bob));
        assertThat(aliceApi.post("/api/wardrobe/items", Map.of("name", "Navy wool coat", "category", "outerwear",
                "color", "navy")).status()).isEqualTo(201);
        bobApi.post("/api/wardrobe/items", Map.of("name", "Navy rain jacket", "category", "outerwear"));
        harness.model.respondWith(request -> request.instructions().contains("personal stylist")
                ? request.toolOutputs().isEmpty()
                        ? FakeReply.toolCall("c1", "ask_wardrobe", "{\"question\":\"Which navy coat?\"}")
                        : FakeReply.text("Your coat.")
                : request.toolOutputs().isEmpty()
                        ? FakeReply.toolCall("c2", "search_wardrobe", "{\"query\":\"navy\",\"category\":\"outerwear\"}")
                        : FakeReply.text("Found it."));

        List<JsonNode> events = converse(alice, "Which of my coats?");

        await().atMost(TIMEOUT).until(() -> hasType(events, "run.completed"));
        JsonNode found = events.stream().filter(e -> "search_wardrobe".equals(e.path("tool").asString())
                && "tool.result".equals(e.path("type").asString())).findFirst().orElseThrow().path("output");
        assertThat(found.path("count").asInt()).isEqualTo(1);
        assertThat(found.path("items").get(0).path("name").asString()).isEqualTo("Navy wool coat");
        assertThat(aliceApi.get("/api/wardrobe/items").json().path("items")).hasSize(1);
    }

    @Test
    void modelControlsAreValidatedAndAnImageReachesTheModelAndTheStore() {
        String user = newUser();
        ApiClient api = new ApiClient(harness.httpUrl(), TestTokens.token(user));
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        String image = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
        harness.model.respondWith(request -> FakeReply.text("Nice colour."));

        assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "hi", "assistant", "nobody"))
                .json().path("code").asString()).isEqualTo("not_found");
        assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "hi", "model", "gpt-0"))
                .json().path("code").asString()).isEqualTo("validation_failed");
        assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "hi", "attachments",
                List.of(Map.of("type", "image", "url", "data:text/html;base64,PHNjcmlwdD4=")))).status()).isEqualTo(400);
        assertThat(api.post("/api/threads/" + threadId + "/messages", Map.of("content", "hi", "attachments",
                List.of(Map.of("type", "image", "url", "http://insecure.example/x.png")))).status()).isEqualTo(400);
        ApiClient.Response sent = api.post("/api/threads/" + threadId + "/messages", Map.of("content", "Does this fit?",
                "assistant", "psychologist", "model", "gpt-4.1", "temperature", 0.2,
                "attachments", List.of(Map.of("type", "image", "url", image))));

        assertThat(sent.status()).isEqualTo(202);
        await().atMost(TIMEOUT).until(() -> !harness.model.requests().isEmpty());
        RecordedRequest request = harness.model.requests().getFirst();
        assertThat(request.lastUserImages()).containsExactly(image);
        assertThat(request.instructions()).contains("psychologist");
        assertThat(request.body().path("model").asString()).isEqualTo("gpt-4.1");
        assertThat(request.body().path("temperature").asDouble()).isEqualTo(0.2);
        JsonNode stored = api.get("/api/threads/" + threadId + "/messages").json().path("items");
        assertThat(stored.findValues("attachments")).singleElement()
                .satisfies(attachments -> assertThat(attachments.get(0).path("url").asString()).isEqualTo(image));
        JsonNode models = api.get("/api/models").json();
        assertThat(models.get(0).path("id").asString()).isEqualTo("gpt-4.1-mini");
        assertThat(models.get(0).path("default").asBoolean()).isTrue();
    }

    @Test
    void onlyAdminsCreateAndDeleteAssistantsAndEveryoneCanListThem() {
        ApiClient user = new ApiClient(harness.httpUrl(), TestTokens.token(newUser()));
        ApiClient admin = new ApiClient(harness.httpUrl(), TestTokens.admin("root"));
        Map<String, Object> critic = Map.of("name", "critic", "description", "Honest feedback",
                "instructions", "Say what does not work.", "temperature", 0.3, "delegates", List.of("wardrobe"));

        assertThat(user.post("/api/assistants", critic).status()).isEqualTo(403);
        ApiClient.Response created = admin.post("/api/assistants", critic);
        assertThat(created.status()).isEqualTo(201);
        assertThat(user.get("/api/assistants").json().findValuesAsString("name"))
                .contains("orchestrator", "psychologist", "wardrobe", "critic");
        assertThat(admin.post("/api/assistants", Map.of("name", "bad", "instructions", "x", "tools", List.of("fly")))
                .json().path("code").asString()).isEqualTo("validation_failed");
        ApiClient.Response researcher = admin.post("/api/assistants", Map.of("name", "researcher", "instructions", "x",
                "tools", List.of("get_weather", "docs__search"),
                "toolSettings", Map.of("docs__search", Map.of("approval", "never"))));
        assertThat(researcher.status()).isEqualTo(201);
        assertThat(researcher.json().path("toolSettings").path("docs__search").path("approval").asString())
                .isEqualTo("never");
        assertThat(admin.post("/api/assistants", Map.of("name", "bad", "instructions", "x", "tools",
                List.of("docs__search"), "toolSettings", Map.of("docs__search", Map.of("approval", "sometimes"))))
                .status()).isEqualTo(400);
        assertThat(admin.delete("/api/assistants/researcher").status()).isEqualTo(204);
        assertThat(user.delete("/api/assistants/critic").status()).isEqualTo(403);
        assertThat(admin.delete("/api/assistants/" + created.json().path("id").asString()).status()).isEqualTo(204);
        assertThat(admin.delete("/api/assistants/critic").status()).isEqualTo(404);
    }

    /** The orchestrator asks the wardrobe; the wardrobe checks the weather; both then answer. */
    private static FakeReply stylistTeam(RecordedRequest request) {
        if (request.instructions().contains("wardrobe specialist")) {
            return request.toolOutputs().isEmpty() ? FakeReply.toolCall("call_w1", "get_weather", "{\"location\":\"Oslo\"}")
                    : FakeReply.text("Wardrobe says: ", "wool coat and boots for 4.2 °C rain.");
        }
        return request.toolOutputs().isEmpty()
                ? FakeReply.toolCall("call_o1", "ask_wardrobe", "{\"question\":\"What to wear in Oslo in the rain?\"}")
                : FakeReply.text(List.of("Take your ", "navy wool coat ", "and boots: ", "it is 4 °C and raining."),
                        Duration.ofMillis(10));
    }

    private List<JsonNode> converse(String user, String content) {
        ApiClient api = new ApiClient(harness.httpUrl(), TestTokens.token(user));
        String threadId = api.post("/api/threads", Map.of("title", "Styling")).json().path("id").asString();
        client = StompTestClient.connect(harness.wsUrl(), TestTokens.token(user));
        List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
        client.sendWithReceipt("/app/threads/" + threadId + "/messages", Map.of("content", content)).join();
        return events;
    }

    private String describe(JsonNode event) {
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

    private static JsonNode find(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asString())).findFirst().orElseThrow();
    }

    private static boolean hasType(List<JsonNode> events, String type) {
        return types(events).contains(type);
    }



    private static String newUser() {
        return "user-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

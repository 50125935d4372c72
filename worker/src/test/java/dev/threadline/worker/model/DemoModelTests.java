package dev.threadline.worker.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The demo model's decisions, from requests as the orchestrator builds them; no Spring context. */
class DemoModelTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PARIS = "What should I wear in Paris tomorrow?";

    private final DemoModel model = new DemoModel(Duration.ZERO, JSON);
    private final List<String> streamed = new CopyOnWriteArrayList<>();

    @Test
    void theOrchestratorConsultsTheWardrobeWithTheUsersQuestionAndWritesNothingYet() {
        ModelResult turn = stream(request(PARIS, "ask_psychologist", "ask_wardrobe"));

        assertThat(turn.toolCalls()).singleElement().satisfies(call -> {
            assertThat(call.name()).isEqualTo("ask_wardrobe");
            assertThat(arguments(call).path("question").asString()).contains(PARIS);
        });
        assertThat(turn.text()).isEmpty();
        assertThat(streamed).isEmpty();
    }

    @Test
    void anEmotionalQuestionConsultsThePsychologistToo() {
        ModelResult turn = stream(request("I feel nervous about my job interview in Berlin", "ask_psychologist",
                "ask_wardrobe"));

        assertThat(turn.toolCalls()).extracting(ConversationItem.ToolCall::name)
                .containsExactly("ask_wardrobe", "ask_psychologist");
        assertThat(turn.toolCalls()).extracting(ConversationItem.ToolCall::callId).doesNotHaveDuplicates();
    }

    @Test
    void theWardrobeLooksUpTheWeatherOfTheCityInItsQuestionAndTheUsersWardrobe() {
        ModelResult turn = stream(request("What should the user wear? They asked: \"" + PARIS + "\"", "get_weather",
                "search_wardrobe"));

        assertThat(turn.toolCalls()).extracting(ConversationItem.ToolCall::name)
                .containsExactly("get_weather", "search_wardrobe");
        assertThat(arguments(turn.toolCalls().getFirst()).path("location").asString()).isEqualTo("Paris");
        assertThat(arguments(turn.toolCalls().getLast()).path("query").isString()).isTrue();
    }

    @Test
    void withoutAnObviousCityTheWeatherIsLookedUpForLondon() {
        ModelResult turn = stream(request("What goes with a green coat in May?", "get_weather"));

        assertThat(arguments(turn.toolCalls().getFirst()).path("location").asString()).isEqualTo("London");
        assertThat(DemoScript.city("A weekend in New York with friends")).isEqualTo("New York");
    }

    @Test
    void withToolOutputsTheAnswerUsesTheWeatherFigureAndTheWardrobeAndStreamsWordByWord() {
        ModelRequest followUp = request(List.of(new ConversationItem.UserText("What to wear in Oslo?"),
                new ConversationItem.ToolCall("c1", "get_weather", "{\"location\":\"Oslo\"}"),
                new ConversationItem.ToolCall("c2", "search_wardrobe", "{\"query\":\"\"}"),
                new ConversationItem.ToolOutput("c1", "{\"location\":\"Oslo, Norway\",\"temperatureC\":4.2,"
                        + "\"todayMinC\":1.5,\"todayMaxC\":6.0,\"precipitationProbabilityPercent\":90,"
                        + "\"source\":\"offline estimate (weather service unreachable)\"}"),
                new ConversationItem.ToolOutput("c2", "{\"items\":[{\"name\":\"Navy wool coat\"}],\"count\":1}")),
                "get_weather", "search_wardrobe");

        ModelResult answer = stream(followUp);

        assertThat(answer.toolCalls()).isEmpty();
        assertThat(answer.text()).startsWith("[Offline demo model: no OPENAI_API_KEY is set")
                .contains("Oslo, Norway", "4.2 °C", "1.5 to 6 °C", "90%", "offline estimate (weather service unreachable)",
                        "Navy wool coat", "umbrella");
        assertThat(streamed).hasSizeGreaterThan(10);
        assertThat(String.join("", streamed)).isEqualTo(answer.text());
    }

    @Test
    void theOrchestratorsAnswerQuotesTheSpecialistsWithoutRepeatingTheLabel() {
        String wardrobeAnswer = DemoAnswers.LABEL + "Weather in Paris, France: 14 °C now. Outfit: a light jacket."
                + DemoAnswers.HINT;
        ModelRequest followUp = request(List.of(new ConversationItem.UserText(PARIS),
                new ConversationItem.ToolCall("c1", "ask_wardrobe", "{\"question\":\"What should the user wear?\"}"),
                new ConversationItem.ToolOutput("c1", wardrobeAnswer)), "ask_psychologist", "ask_wardrobe");

        String answer = stream(followUp).text();

        assertThat(answer).contains("The wardrobe specialist says: Weather in Paris, France: 14 °C now. Outfit: a light jacket.");
        assertThat(answer.split("Offline demo model", -1)).hasSize(2);
        assertThat(answer).endsWith(DemoAnswers.HINT);
    }

    @Test
    void aFailedToolIsMentionedAndTheAnswerStillComes() {
        ModelRequest followUp = request(List.of(new ConversationItem.UserText("Paris?"),
                new ConversationItem.ToolCall("c1", "get_weather", "{\"location\":\"Paris\"}"),
                new ConversationItem.ToolOutput("c1", "{\"error\":\"The weather service answered HTTP 500\"}")),
                "get_weather");

        assertThat(stream(followUp).text()).contains("get_weather failed (The weather service answered HTTP 500)");
    }

    @Test
    void withoutToolsItAnswersDirectlyWithTheLabel() {
        assertThat(stream(request("What does the user need to feel?")).text())
                .startsWith(DemoAnswers.LABEL).contains("feel at ease");
        assertThat(stream(request("Hello")).text()).startsWith(DemoAnswers.LABEL).contains("What should I wear in Paris");
    }

    @Test
    void aCancelStopsTheAnswerAtOnceEvenWithALongPauseBetweenWords() {
        DemoModel slow = new DemoModel(Duration.ofSeconds(30), JSON);
        Cancellation cancellation = new Cancellation();
        CompletableFuture<ModelResult> answer = CompletableFuture.supplyAsync(
                () -> slow.stream(request("Hello"), streamed::add, cancellation));
        await().atMost(Duration.ofSeconds(5)).until(() -> !streamed.isEmpty());

        cancellation.cancel();

        await().atMost(Duration.ofSeconds(1)).until(answer::isDone);
        assertThat(answer.join().text()).isEqualTo("[Offline ");
        assertThat(streamed).containsExactly("[Offline ");
    }

    @Test
    void aCancelledRunAsksForNoTools() {
        Cancellation cancellation = new Cancellation();
        cancellation.cancel();

        assertThat(model.stream(request(PARIS, "ask_wardrobe"), streamed::add, cancellation).toolCalls()).isEmpty();
    }

    private ModelResult stream(ModelRequest request) {
        return model.stream(request, streamed::add, new Cancellation());
    }

    private static ModelRequest request(String userText, String... tools) {
        return request(List.of(new ConversationItem.UserText(userText)), tools);
    }

    private static ModelRequest request(List<ConversationItem> items, String... tools) {
        List<ToolSpec> specs = java.util.Arrays.stream(tools)
                .map(name -> new ToolSpec(name, "The " + name + " tool", Map.of("type", "object"))).toList();
        return new ModelRequest("gpt-4.1-mini", "You are an assistant.", items, null, specs);
    }

    private static JsonNode arguments(ConversationItem.ToolCall call) {
        return JSON.readTree(call.argumentsJson());
    }
}

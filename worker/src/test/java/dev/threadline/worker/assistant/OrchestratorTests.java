package dev.threadline.worker.assistant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.model.ConversationItem;
import dev.threadline.worker.model.ModelProperties;
import dev.threadline.worker.model.ToolSpec;
import dev.threadline.worker.tool.Tool;
import dev.threadline.worker.tool.ToolContext;
import dev.threadline.worker.tool.ToolRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The orchestration policy with a scripted model: no provider, no store, no Spring context. */
class OrchestratorTests {

    private static final AssistantDefinition WARDROBE = assistant("wardrobe", "You know the wardrobe.", List.of(),
            List.of());
    private static final AssistantDefinition ORCHESTRATOR = assistant("orchestrator", "You answer the user.",
            List.of("get_weather"), List.of("wardrobe"));

    private final FakeChatModel model = new FakeChatModel();
    private final RecordingListener listener = new RecordingListener();
    private final List<String> streamed = new CopyOnWriteArrayList<>();

    @Test
    void anAssistantWithoutToolCallsAnswersDirectlyAndStreamsItsText() {
        model.answers(ORCHESTRATOR.instructions(), "Wear ", "the green coat.");

        String answer = orchestrator(8).answer(session(), ORCHESTRATOR, question("What should I wear?"), streamed::add);

        assertThat(answer).isEqualTo("Wear the green coat.");
        assertThat(streamed).containsExactly("Wear ", "the green coat.");
        assertThat(listener.events).isEmpty();
        assertThat(model.requests).singleElement().satisfies(request -> assertThat(request.tools())
                .extracting(ToolSpec::name).containsExactlyInAnyOrder("ask_wardrobe", "get_weather"));
    }

    @Test
    void anAssistantConsultsADelegateThroughItsAskToolAndOnlyItsOwnAnswerIsStreamed() {
        model.calls(ORCHESTRATOR.instructions(), new ConversationItem.ToolCall("call-1", "ask_wardrobe",
                "{\"question\":\"Which coats do I own?\"}"))
                .answers(ORCHESTRATOR.instructions(), "Wear the green coat.")
                .answers(WARDROBE.instructions(), "A green coat and a trench.");

        String answer = orchestrator(8).answer(session(), ORCHESTRATOR, question("What coat?"), streamed::add);

        assertThat(answer).isEqualTo("Wear the green coat.");
        assertThat(streamed).containsExactly("Wear the green coat.");
        assertThat(listener.events).containsExactly(
                "consulted orchestrator -> wardrobe: Which coats do I own?",
                "resulted orchestrator call-1 ask_wardrobe: A green coat and a trench.");
        assertThat(model.requests.getLast().items()).contains(
                new ConversationItem.ToolOutput("call-1", "A green coat and a trench."));
    }

    @Test
    void anAssistantCallsAToolAndTheModelSeesItsOutput() {
        model.calls(ORCHESTRATOR.instructions(), new ConversationItem.ToolCall("call-1", "get_weather",
                "{\"city\":\"Paris\"}"))
                .answers(ORCHESTRATOR.instructions(), "Take an umbrella.");

        String answer = orchestrator(8).answer(session(), ORCHESTRATOR, question("Rain in Paris?"), streamed::add);

        assertThat(answer).isEqualTo("Take an umbrella.");
        assertThat(listener.events).containsExactly(
                "called orchestrator call-1 get_weather {city=Paris}",
                "resulted orchestrator call-1 get_weather: rain in Paris");
        assertThat(model.requests.getLast().items()).contains(
                new ConversationItem.ToolOutput("call-1", "rain in Paris"));
    }

    @Test
    void anAssistantThatKeepsCallingToolsStopsAtTheRoundLimit() {
        model.calls(ORCHESTRATOR.instructions(), new ConversationItem.ToolCall("call-1", "get_weather",
                "{\"city\":\"Paris\"}"));

        assertThatExceptionOfType(ToolLoopLimitException.class).isThrownBy(() -> orchestrator(2)
                .answer(session(), ORCHESTRATOR, question("Weather?"), streamed::add));
        assertThat(model.requests).hasSize(3);
    }

    private Orchestrator orchestrator(int maxToolRounds) {
        List<AssistantDefinition> catalog = List.of(ORCHESTRATOR, WARDROBE);
        AssistantLookup lookup = name -> catalog.stream().filter(a -> a.name().equals(name)).findFirst();
        ModelProperties modelProperties = new ModelProperties("test-key", null, "http://127.0.0.1:1/v1", "responses",
                "gpt-4.1-mini", 0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(4), 5, Duration.ZERO);
        return new Orchestrator(model, lookup, new ToolRegistry(List.of(new WeatherTool())),
                new OrchestrationProperties(maxToolRounds, 2, false), modelProperties, JsonMapper.builder().build(),
                new ContextWindow(new ContextProperties(24_000, Map.of(), 765)));
    }

    private RunSession session() {
        return new RunSession(new ToolContext("alice", "thread-1"), new Cancellation(), listener, null, null);
    }

    private static List<ConversationItem> question(String text) {
        return List.of(new ConversationItem.UserText(text));
    }

    private static AssistantDefinition assistant(String name, String instructions, List<String> tools,
            List<String> delegates) {
        Instant now = Instant.now();
        return new AssistantDefinition(name + "-id", name, "The " + name, null, instructions, null, tools, delegates,
                now, now);
    }

    private static final class WeatherTool implements Tool {

        @Override
        public String name() {
            return "get_weather";
        }

        @Override
        public String description() {
            return "The weather in a city";
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")));
        }

        @Override
        public Object execute(ToolContext context, JsonNode arguments) {
            return "rain in " + arguments.path("city").asString();
        }
    }

    private static final class RecordingListener implements RunSession.Listener {

        final List<String> events = new ArrayList<>();

        @Override
        public synchronized void consulted(String from, String to, String question) {
            events.add("consulted " + from + " -> " + to + ": " + question);
        }

        @Override
        public synchronized void toolCalled(String assistant, String callId, String tool,
                Map<String, Object> arguments) {
            events.add("called " + assistant + " " + callId + " " + tool + " " + arguments);
        }

        @Override
        public synchronized void toolResulted(String assistant, String callId, String tool, Object output,
                @Nullable String error) {
            events.add("resulted " + assistant + " " + callId + " " + tool + ": " + (error != null ? error : output));
        }
    }
}

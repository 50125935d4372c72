package dev.threadline.worker.assistant;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.assistant.ToolSettings;
import dev.threadline.model.run.ApprovalDecision;
import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.model.ChatModel;
import dev.threadline.worker.model.ConversationItem;
import dev.threadline.worker.model.ModelProperties;
import dev.threadline.worker.model.ModelResult;
import dev.threadline.worker.model.ToolSpec;
import dev.threadline.worker.tool.Tool;
import dev.threadline.worker.tool.ToolContext;
import dev.threadline.worker.tool.ToolException;
import dev.threadline.worker.tool.ToolRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

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

    @Test
    void nothingStartsOnceTheRunIsCancelled() {
        model.answers(ORCHESTRATOR.instructions(), "Too late.");
        RunSession session = session();
        session.cancellation().cancel();

        String answer = orchestrator(8).answer(session, ORCHESTRATOR, question("Anything?"), streamed::add);

        assertThat(answer).isEmpty();
        assertThat(model.requests).isEmpty();
        assertThat(listener.events).isEmpty();
    }

    @Test
    void aCancelInterruptsAToolThatWaitsAndNoResultNorModelTurnFollows() throws Exception {
        model.calls(ORCHESTRATOR.instructions(), new ConversationItem.ToolCall("call-1", "get_weather",
                "{\"city\":\"Oslo\"}"))
                .answers(ORCHESTRATOR.instructions(), "Never asked for.");
        WaitingWeatherTool waiting = new WaitingWeatherTool();
        RunSession session = session();
        CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> orchestrator(model, waiting)
                .answer(session, ORCHESTRATOR, question("Rain in Oslo?"), streamed::add), Thread::startVirtualThread);
        assertThat(waiting.started.await(5, TimeUnit.SECONDS)).isTrue();

        session.cancellation().cancel();

        assertThat(answer.get(1, TimeUnit.SECONDS)).isEmpty();
        assertThat(waiting.interrupted).isTrue();
        assertThat(listener.events).containsExactly("called orchestrator call-1 get_weather {city=Oslo}");
        assertThat(model.requests).hasSize(1);
    }

    @Test
    void aCancelDuringAConsultationPublishesNoResultForItAndNoFurtherTurn() {
        model.calls(ORCHESTRATOR.instructions(), new ConversationItem.ToolCall("call-1", "ask_wardrobe",
                "{\"question\":\"Which coat?\"}"))
                .answers(ORCHESTRATOR.instructions(), "Never asked for.");
        ChatModel cancelledWhileTheWardrobeStreams = (request, onText, cancellation) -> {
            if (!request.instructions().equals(WARDROBE.instructions())) {
                return model.stream(request, onText, cancellation);
            }
            cancellation.cancel();
            return new ModelResult("The gre", List.of(), 10, 2);
        };

        String answer = orchestrator(cancelledWhileTheWardrobeStreams, new WeatherTool())
                .answer(session(), ORCHESTRATOR, question("What coat?"), streamed::add);

        assertThat(answer).isEmpty();
        assertThat(listener.events).containsExactly("consulted orchestrator -> wardrobe: Which coat?");
        assertThat(model.requests).hasSize(1);
    }

    @Test
    void aCallNeedingApprovalInsideAConsultationPausesEveryAssistantAndTheRunContinuesWhereItStopped() {
        AssistantDefinition guardedWardrobe = new AssistantDefinition("wardrobe-id", "wardrobe", "The wardrobe", null,
                WARDROBE.instructions(), null, List.of("get_weather"), List.of(),
                Map.of("get_weather", new ToolSettings(ToolSettings.ALWAYS)), Instant.now(), Instant.now());
        WeatherTool weather = new WeatherTool();
        Orchestrator orchestrator = orchestrator(List.of(ORCHESTRATOR, guardedWardrobe), weather);
        model.calls(ORCHESTRATOR.instructions(),
                        new ConversationItem.ToolCall("call-1", "ask_wardrobe", "{\"question\":\"Coat for Oslo?\"}"),
                        new ConversationItem.ToolCall("call-2", "get_weather", "{\"city\":\"Paris\"}"))
                .answers(ORCHESTRATOR.instructions(), "Take the wool coat.")
                .calls(WARDROBE.instructions(), new ConversationItem.ToolCall("w-1", "get_weather", "{\"city\":\"Oslo\"}"))
                .answers(WARDROBE.instructions(), "The wool coat.");

        ApprovalNeeded paused = catchThrowableOfType(ApprovalNeeded.class,
                () -> orchestrator.answer(session(), ORCHESTRATOR, question("What coat?"), streamed::add));

        assertThat(paused.call()).isEqualTo(new ApprovalNeeded.PendingCall("wardrobe", "w-1", "get_weather",
                Map.of("city", "Oslo")));
        assertThat(paused.frames()).extracting(PausedFrame::assistant, PausedFrame::waitingCallId)
                .containsExactly(tuple("orchestrator", "call-1"), tuple("wardrobe", "w-1"));
        assertThat(paused.frames().getFirst().outputs()).as("the other call of the turn finished before the pause")
                .containsExactly(new ConversationItem.ToolOutput("call-2", "rain in Paris"));
        assertThat(weather.calls).as("only the call that needs no approval ran").hasValue(1);

        String answer = orchestrator.resume(session(), paused.frames(),
                ApprovalDecision.by("alice", true, null, Instant.now()), streamed::add);

        assertThat(answer).isEqualTo("Take the wool coat.");
        assertThat(weather.calls).as("the approved call ran once, the finished one not again").hasValue(2);
        assertThat(model.requests.getLast().items()).contains(
                new ConversationItem.ToolOutput("call-1", "The wool coat."),
                new ConversationItem.ToolOutput("call-2", "rain in Paris"));
        assertThat(model.requests).filteredOn(request -> request.instructions().equals(WARDROBE.instructions()))
                .last().satisfies(request -> assertThat(request.items())
                        .contains(new ConversationItem.ToolOutput("w-1", "rain in Oslo")));
    }

    private Orchestrator orchestrator(int maxToolRounds) {
        return orchestrator(model, new WeatherTool(), maxToolRounds);
    }

    private Orchestrator orchestrator(ChatModel chatModel, Tool weather) {
        return orchestrator(chatModel, weather, 8);
    }

    private Orchestrator orchestrator(ChatModel chatModel, Tool weather, int maxToolRounds) {
        return orchestrator(List.of(ORCHESTRATOR, WARDROBE), chatModel, weather, maxToolRounds);
    }

    private Orchestrator orchestrator(List<AssistantDefinition> catalog, Tool weather) {
        return orchestrator(catalog, model, weather, 8);
    }

    private Orchestrator orchestrator(List<AssistantDefinition> catalog, ChatModel chatModel, Tool weather,
            int maxToolRounds) {
        AssistantLookup lookup = name -> catalog.stream().filter(a -> a.name().equals(name)).findFirst();
        ModelProperties modelProperties = new ModelProperties("test-key", null, "http://127.0.0.1:1/v1", "responses",
                "gpt-4.1-mini", 0, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(4), 5, Duration.ZERO);
        return new Orchestrator(chatModel, lookup, new ToolRegistry(List.of(weather)),
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
                null, now, now);
    }

    private static final class WeatherTool implements Tool {

        final AtomicInteger calls = new AtomicInteger();

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
            calls.incrementAndGet();
            return "rain in " + arguments.path("city").asString();
        }
    }

    /** A weather tool whose service never answers: it waits until its thread is interrupted. */
    private static final class WaitingWeatherTool implements Tool {

        final CountDownLatch started = new CountDownLatch(1);
        volatile boolean interrupted;

        @Override
        public String name() {
            return "get_weather";
        }

        @Override
        public String description() {
            return "The weather in a city, from a service that does not answer";
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("type", "object", "properties", Map.of("city", Map.of("type", "string")));
        }

        @Override
        public Object execute(ToolContext context, JsonNode arguments) {
            started.countDown();
            try {
                new CountDownLatch(1).await();
                return "never";
            }
            catch (InterruptedException ex) {
                interrupted = true;
                throw new ToolException("The weather lookup was interrupted");
            }
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

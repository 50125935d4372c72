package dev.threadline.worker.assistant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.run.ApprovalDecision;
import dev.threadline.model.usage.ContextUsage;
import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.model.ChatModel;
import dev.threadline.worker.model.ConversationItem;
import dev.threadline.worker.model.ModelProperties;
import dev.threadline.worker.model.ModelRequest;
import dev.threadline.worker.model.ModelResult;
import dev.threadline.worker.model.ToolSpec;
import dev.threadline.worker.tool.ApprovalPolicy;
import dev.threadline.worker.tool.Tool;
import dev.threadline.worker.tool.ToolException;
import dev.threadline.worker.tool.ToolRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives an assistant through model turns until it answers. Its function tools are the tools it names
 * and one {@code ask_<name>} per delegate: a consulted specialist runs its own turns (with its own tools,
 * nested up to a bounded depth) and its answer returns as the tool's output. The tool calls of one turn
 * run concurrently. Only the answering assistant's text reaches {@code onText}. Once the run is cancelled
 * no model turn, tool call or consultation starts, and the text so far is the answer. A call that needs a person's
 * approval stops the turns ({@link ApprovalNeeded}); {@link #resume} continues them from where they stopped.
 */
@Component
public class Orchestrator {

    private final ChatModel model;
    private final AssistantLookup catalog;
    private final ToolRegistry tools;
    private final OrchestrationProperties properties;
    private final ModelProperties modelProperties;
    private final JsonMapper json;
    private final ContextWindow context;

    Orchestrator(ChatModel model, AssistantLookup catalog, ToolRegistry tools, OrchestrationProperties properties,
            ModelProperties modelProperties, JsonMapper json, ContextWindow context) {
        this.model = model;
        this.catalog = catalog;
        this.tools = tools;
        this.properties = properties;
        this.modelProperties = modelProperties;
        this.json = json;
        this.context = context;
    }

    /**
     * The assistant's final text for the conversation; throws {@link ToolLoopLimitException} past the round limit,
     * and {@link ApprovalNeeded} when a tool call needs a person's approval (the turns so far are in it).
     */
    public String answer(RunSession session, AssistantDefinition assistant, List<ConversationItem> conversation,
            Consumer<String> onText) {
        return converse(session, assistant, new ArrayList<>(conversation), new StringBuilder(), onText, 0);
    }

    /**
     * Continues a conversation paused for an approval ({@code frames} outermost first): the waiting call runs if
     * {@code decision} approved it, or gives the model an error output saying the user declined; then every
     * assistant finishes its turn as it would have. The answering assistant's whole text is returned, the text
     * before the pause included. It may pause again.
     */
    public String resume(RunSession session, List<PausedFrame> frames, ApprovalDecision decision,
            Consumer<String> onText) {
        return resume(session, frames, 0, decision, onText);
    }

    private String resume(RunSession session, List<PausedFrame> frames, int depth, ApprovalDecision decision,
            Consumer<String> onText) {
        PausedFrame frame = frames.get(depth);
        AssistantDefinition assistant = catalog.findByName(frame.assistant())
                .orElseThrow(() -> new IllegalStateException("No assistant is named '" + frame.assistant() + "'"));
        List<AssistantDefinition> delegates = delegatesOf(assistant, depth);
        StringBuilder text = new StringBuilder(frame.text());
        List<ConversationItem> items = new ArrayList<>(frame.items());
        Map<String, ConversationItem.ToolOutput> outputs = new LinkedHashMap<>();
        frame.outputs().forEach(output -> outputs.put(output.callId(), output));
        ConversationItem.ToolCall waiting = frame.waitingCall();
        if (depth == frames.size() - 1) {
            outputs.put(waiting.callId(), decided(session, assistant, waiting, decision));
        }
        else {
            String advice;
            try {
                advice = resume(session, frames, depth + 1, decision, ignored -> { });
            }
            catch (ApprovalNeeded again) {
                throw again.within(new PausedFrame(assistant.name(), items, frame.calls(), List.copyOf(outputs.values()),
                        text.toString(), waiting.callId()));
            }
            outputs.put(waiting.callId(), cancelled(session) ? interrupted(waiting) : consulted(session, assistant,
                    waiting, advice));
        }
        completeTurn(session, assistant, delegates, items, frame.calls(), outputs, text, depth);
        return converse(session, assistant, items, text, onText, depth);
    }

    private String converse(RunSession session, AssistantDefinition assistant, List<ConversationItem> items,
            StringBuilder answer, Consumer<String> onText, int depth) {
        List<AssistantDefinition> delegates = delegatesOf(assistant, depth);
        List<ToolSpec> specs = toolSpecs(assistant, delegates);
        while (!cancelled(session)) {
            ModelRequest request = request(session, assistant, items, specs, depth);
            int[] deltas = new int[1];
            ModelResult turn = model.stream(request, text -> {
                deltas[0]++;
                answer.append(text);
                onText.accept(text);
            }, session.cancellation());
            session.addUsage(assistant.name(), request.model(), cancelled(session) ? estimated(turn, request, deltas[0])
                    : turn);
            if (turn.toolCalls().isEmpty() || cancelled(session)) {
                return answer.toString();
            }
            if (session.nextToolRound() > properties.maxToolRounds()) {
                throw new ToolLoopLimitException(properties.maxToolRounds());
            }
            if (!turn.text().isBlank()) {
                items.add(new ConversationItem.AssistantText(turn.text()));
            }
            completeTurn(session, assistant, delegates, items, turn.toolCalls(), new LinkedHashMap<>(), answer, depth);
        }
        return answer.toString();
    }

    /**
     * Runs, concurrently, the calls of the turn that have no output yet, then adds the calls and their outputs to
     * the conversation. When one needs an approval, the others finish first and the pause leaves with this
     * assistant's frame; a second call that needed one too runs again once the run continues.
     */
    private void completeTurn(RunSession session, AssistantDefinition assistant, List<AssistantDefinition> delegates,
            List<ConversationItem> items, List<ConversationItem.ToolCall> calls,
            Map<String, ConversationItem.ToolOutput> outputs, StringBuilder answer, int depth) {
        List<ConversationItem.ToolCall> open = calls.stream().filter(call -> !outputs.containsKey(call.callId())).toList();
        ApprovalNeeded pause = null;
        String pausedCall = null;
        try (ExecutorService calling = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ConversationItem.ToolOutput>> running = open.stream()
                    .map(call -> calling.submit(() -> call(session, assistant, delegates, call, depth)))
                    .toList();
            for (int i = 0; i < open.size(); i++) {
                try {
                    outputs.put(open.get(i).callId(), running.get(i).get());
                }
                catch (ExecutionException ex) {
                    if (ex.getCause() instanceof ApprovalNeeded needed) {
                        if (pause == null) {
                            pause = needed;
                            pausedCall = open.get(i).callId();
                        }
                    }
                    else if (ex.getCause() instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    else {
                        throw new IllegalStateException(ex.getCause());
                    }
                }
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling tools", ex);
        }
        if (pause != null && !cancelled(session)) {
            throw pause.within(new PausedFrame(assistant.name(), items, calls, List.copyOf(outputs.values()),
                    answer.toString(), pausedCall));
        }
        items.addAll(calls);
        calls.forEach(call -> items.add(outputs.getOrDefault(call.callId(), interrupted(call))));
    }

    /**
     * Runs one tool call or consultation. Nothing starts once the run is cancelled, a cancel interrupts the
     * tool's thread, and a call the cancel interrupted publishes no {@code tool.result}: its output reaches no
     * model, since the run ends.
     */
    private ConversationItem.ToolOutput call(RunSession session, AssistantDefinition assistant,
            List<AssistantDefinition> delegates, ConversationItem.ToolCall call, int depth) {
        if (cancelled(session)) {
            return interrupted(call);
        }
        JsonNode arguments = arguments(call);
        AssistantDefinition delegate = delegates.stream().filter(d -> d.consultTool().equals(call.name())).findFirst()
                .orElse(null);
        if (delegate != null) {
            return consult(session, assistant, delegate, call, arguments, depth);
        }
        Tool tool = assistant.tools().contains(call.name()) ? tools.forCall(call.name()).orElse(null) : null;
        if (tool != null && arguments != null && ApprovalPolicy.needsApproval(assistant, tool)) {
            throw ApprovalNeeded.forCall(new ApprovalNeeded.PendingCall(assistant.name(), call.callId(), call.name(),
                    asMap(arguments)));
        }
        session.listener().toolCalled(assistant.name(), call.callId(), call.name(),
                arguments == null ? Map.of() : asMap(arguments));
        return useTool(session, assistant, tool, call, arguments);
    }

    /** The call a person answered: it runs if approved; otherwise the model learns that the user declined it. */
    private ConversationItem.ToolOutput decided(RunSession session, AssistantDefinition assistant,
            ConversationItem.ToolCall call, ApprovalDecision decision) {
        if (decision.approved()) {
            Tool tool = tools.forCall(call.name()).orElse(null);
            return useTool(session, assistant, tool, call, arguments(call));
        }
        String declined = decision.timedOut() ? "The user did not approve this tool call in time; it was not run"
                : "The user declined this tool call; it was not run"
                        + (decision.reason() == null || decision.reason().isBlank() ? "" : " (" + decision.reason() + ")");
        return failed(session, assistant, call, new ToolException(declined));
    }

    private ConversationItem.ToolOutput useTool(RunSession session, AssistantDefinition assistant, @Nullable Tool tool,
            ConversationItem.ToolCall call, @Nullable JsonNode arguments) {
        Object output;
        try (Cancellation.Registration running = session.cancellation().interruptOnCancel()) {
            output = execute(session, tool, call, arguments);
        }
        catch (ToolException ex) {
            return cancelled(session) ? interrupted(call) : failed(session, assistant, call, ex);
        }
        catch (RuntimeException ex) {
            if (cancelled(session)) {
                return interrupted(call);
            }
            throw ex;
        }
        if (cancelled(session)) {
            return interrupted(call);
        }
        session.listener().toolResulted(assistant.name(), call.callId(), call.name(), output, null);
        return new ConversationItem.ToolOutput(call.callId(),
                output instanceof String text ? text : json.writeValueAsString(output));
    }

    private static Object execute(RunSession session, @Nullable Tool tool, ConversationItem.ToolCall call,
            @Nullable JsonNode arguments) {
        if (tool == null) {
            throw new ToolException("Unknown tool '" + call.name() + "'");
        }
        if (arguments == null) {
            throw new ToolException("The arguments are not a JSON object");
        }
        return tool.execute(session.context(), arguments);
    }

    private ConversationItem.ToolOutput failed(RunSession session, AssistantDefinition assistant,
            ConversationItem.ToolCall call, ToolException ex) {
        session.listener().toolResulted(assistant.name(), call.callId(), call.name(), "", ex.getMessage());
        return new ConversationItem.ToolOutput(call.callId(), json.writeValueAsString(Map.of("error", ex.getMessage())));
    }

    private ConversationItem.ToolOutput consult(RunSession session, AssistantDefinition from, AssistantDefinition to,
            ConversationItem.ToolCall call, @Nullable JsonNode arguments, int depth) {
        String question = arguments == null ? "" : arguments.path("question").asString("").strip();
        if (question.isEmpty()) {
            session.listener().toolResulted(from.name(), call.callId(), call.name(), "", "question is required");
            return new ConversationItem.ToolOutput(call.callId(), "{\"error\":\"question is required\"}");
        }
        session.listener().consulted(from.name(), to.name(), question);
        String advice = converse(session, to, new ArrayList<>(List.of(new ConversationItem.UserText(question))),
                new StringBuilder(), text -> { }, depth + 1);
        if (cancelled(session)) {
            return interrupted(call);
        }
        return consulted(session, from, call, advice);
    }

    private static ConversationItem.ToolOutput consulted(RunSession session, AssistantDefinition from,
            ConversationItem.ToolCall call, String advice) {
        session.listener().toolResulted(from.name(), call.callId(), call.name(), advice, null);
        return new ConversationItem.ToolOutput(call.callId(), advice);
    }

    /**
     * A call the cancel cut off reports no usage (the provider's usage comes last), though the provider
     * counts it: it is then estimated, the request's tokens as counted for the context and a token per delta.
     */
    private ModelResult estimated(ModelResult turn, ModelRequest request, int deltas) {
        if (turn.inputTokens() > 0 || turn.outputTokens() > 0) {
            return turn;
        }
        return new ModelResult(turn.text(), turn.toolCalls(), context.tokens(request.instructions(), request.items()),
                deltas, 0);
    }

    private static boolean cancelled(RunSession session) {
        return session.cancellation().isCancelled();
    }

    /** The output of a call the run's cancel stopped (or never started): no model will see it. */
    private static ConversationItem.ToolOutput interrupted(ConversationItem.ToolCall call) {
        return new ConversationItem.ToolOutput(call.callId(), "{\"error\":\"cancelled\"}");
    }

    private ModelRequest request(RunSession session, AssistantDefinition assistant, List<ConversationItem> items,
            List<ToolSpec> specs, int depth) {
        String modelName = depth == 0 && session.modelOverride() != null ? session.modelOverride()
                : assistant.model() != null ? assistant.model() : modelProperties.defaultModel();
        Double temperature = depth == 0 && session.temperatureOverride() != null ? session.temperatureOverride()
                : assistant.temperature();
        ContextWindow.Fitted fitted = context.fit(modelName, assistant.instructions(), items);
        if (depth == 0) {
            session.recordContext(new ContextUsage(fitted.tokens(), fitted.limit(), fitted.droppedTurns()));
        }
        return new ModelRequest(modelName, assistant.instructions(), fitted.items(), temperature, specs);
    }

    private List<AssistantDefinition> delegatesOf(AssistantDefinition assistant, int depth) {
        if (depth >= properties.maxDepth()) {
            return List.of();
        }
        return assistant.delegates().stream().map(catalog::findByName).flatMap(java.util.Optional::stream).toList();
    }

    private List<ToolSpec> toolSpecs(AssistantDefinition assistant, List<AssistantDefinition> delegates) {
        List<ToolSpec> specs = new ArrayList<>();
        for (AssistantDefinition delegate : delegates) {
            specs.add(new ToolSpec(delegate.consultTool(), "Ask the " + delegate.name() + " specialist: "
                    + delegate.description(), Map.of("type", "object", "properties",
                    Map.of("question", Map.of("type", "string", "description", "One precise question")),
                    "required", List.of("question"), "additionalProperties", false)));
        }
        assistant.tools().stream().map(tools::find).flatMap(java.util.Optional::stream)
                .forEach(tool -> specs.add(new ToolSpec(tool.name(), tool.description(), tool.parameters())));
        return specs;
    }

    private @Nullable JsonNode arguments(ConversationItem.ToolCall call) {
        try {
            JsonNode arguments = json.readTree(call.argumentsJson().isBlank() ? "{}" : call.argumentsJson());
            return arguments.isObject() ? arguments : null;
        }
        catch (JacksonException ex) {
            return null;
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> asMap(JsonNode arguments) {
        return json.convertValue(arguments, Map.class);
    }

}

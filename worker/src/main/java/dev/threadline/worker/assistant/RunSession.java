package dev.threadline.worker.assistant;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

import dev.threadline.common.usage.ModelTokens;
import dev.threadline.model.usage.ContextUsage;
import dev.threadline.model.usage.Usage;
import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.model.ModelResult;
import dev.threadline.worker.tool.ToolContext;
import org.jspecify.annotations.Nullable;

/**
 * What the assistants of one run share: whose run it is, its cancel switch, where consultation and tool
 * events go, the per-message model controls, the counters that bound it, and what it spent: the tokens of
 * every model call by assistant and by model, and the context of the answering assistant's last request.
 */
public final class RunSession {

    private final ToolContext context;
    private final Cancellation cancellation;
    private final Listener listener;
    private final @Nullable String modelOverride;
    private final @Nullable Double temperatureOverride;
    private final AtomicInteger toolRounds = new AtomicInteger();
    private final Map<String, ModelTokens> byAssistant = new HashMap<>();
    private final Map<String, ModelTokens> byModel = new HashMap<>();
    private @Nullable ContextUsage contextUsage;

    public RunSession(ToolContext context, Cancellation cancellation, Listener listener, @Nullable String modelOverride,
            @Nullable Double temperatureOverride) {
        this.context = context;
        this.cancellation = cancellation;
        this.listener = listener;
        this.modelOverride = modelOverride;
        this.temperatureOverride = temperatureOverride;
    }

    public ToolContext context() {
        return context;
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    Listener listener() {
        return listener;
    }

    @Nullable String modelOverride() {
        return modelOverride;
    }

    @Nullable Double temperatureOverride() {
        return temperatureOverride;
    }

    int nextToolRound() {
        return toolRounds.incrementAndGet();
    }

    /** Counts one model call of {@code assistant} on {@code model}. */
    synchronized void addUsage(String assistant, String model, ModelResult turn) {
        ModelTokens none = new ModelTokens(0, 0, 0);
        byAssistant.put(assistant, byAssistant.getOrDefault(assistant, none)
                .plus(turn.inputTokens(), turn.outputTokens(), turn.cachedTokens()));
        byModel.put(model, byModel.getOrDefault(model, none)
                .plus(turn.inputTokens(), turn.outputTokens(), turn.cachedTokens()));
    }

    /** Keeps the context of the answering assistant's latest request. */
    synchronized void recordContext(ContextUsage latest) {
        contextUsage = latest;
    }

    /** The tokens of every model call so far, in total and by assistant (PROTOCOL.md §12). */
    public synchronized Usage usage() {
        Map<String, Usage.ByAssistant> shares = new TreeMap<>();
        byAssistant.forEach((name, tokens) -> shares.put(name,
                new Usage.ByAssistant(tokens.inputTokens(), tokens.outputTokens())));
        return new Usage(sum(ModelTokens::inputTokens), sum(ModelTokens::outputTokens), sum(ModelTokens::cachedTokens),
                shares);
    }

    /** The tokens of every model call so far by assistant, cached ones included. */
    public synchronized Map<String, ModelTokens> byAssistant() {
        return Map.copyOf(byAssistant);
    }

    public int toolRounds() {
        return toolRounds.get();
    }

    /** Takes up what the run spent before it paused for an approval, so its usage and round limit span the whole run. */
    public synchronized void restore(Map<String, ModelTokens> spentByAssistant, Map<String, ModelTokens> spentByModel,
            int rounds, @Nullable ContextUsage context) {
        byAssistant.putAll(spentByAssistant);
        byModel.putAll(spentByModel);
        toolRounds.set(rounds);
        contextUsage = context;
    }

    /** The tokens of every model call so far by model, as the usage ledger keeps them. */
    public synchronized Map<String, ModelTokens> byModel() {
        return Map.copyOf(byModel);
    }

    public synchronized @Nullable ContextUsage contextUsage() {
        return contextUsage;
    }

    private long sum(ToLongFunction<ModelTokens> part) {
        return byModel.values().stream().mapToLong(part).sum();
    }

    /** Receives the thread events of consultations and tool calls (PROTOCOL.md §5). */
    public interface Listener {

        void consulted(String from, String to, String question);

        void toolCalled(String assistant, String callId, String tool, Map<String, Object> arguments);

        void toolResulted(String assistant, String callId, String tool, Object output, @Nullable String error);
    }
}

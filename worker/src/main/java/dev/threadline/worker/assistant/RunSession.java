package dev.threadline.worker.assistant;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.tool.ToolContext;
import org.jspecify.annotations.Nullable;

/**
 * What the assistants of one run share: whose run it is, its cancel switch, where consultation and tool
 * events go, the per-message model controls, and the counters that bound it.
 */
public final class RunSession {

    private final ToolContext context;
    private final Cancellation cancellation;
    private final Listener listener;
    private final @Nullable String modelOverride;
    private final @Nullable Double temperatureOverride;
    private final AtomicInteger toolRounds = new AtomicInteger();
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();

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

    void addUsage(long input, long output) {
        inputTokens.addAndGet(input);
        outputTokens.addAndGet(output);
    }

    public long inputTokens() {
        return inputTokens.get();
    }

    public long outputTokens() {
        return outputTokens.get();
    }

    /** Receives the thread events of consultations and tool calls (PROTOCOL.md §5). */
    public interface Listener {

        void consulted(String from, String to, String question);

        void toolCalled(String assistant, String callId, String tool, Map<String, Object> arguments);

        void toolResulted(String assistant, String callId, String tool, Object output, @Nullable String error);
    }
}

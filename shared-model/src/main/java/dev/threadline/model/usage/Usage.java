package dev.threadline.model.usage;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The tokens of every model call of a run, consulted specialists included (PROTOCOL.md §12): on
 * {@code run.completed} and on the stored answer. {@code inputTokens} includes {@code cachedTokens}, the
 * part of the input the provider served from its prompt cache.
 */
public record Usage(long inputTokens, long outputTokens, long cachedTokens, @Nullable Map<String, ByAssistant> byAssistant) {

    public static final Usage NONE = new Usage(0, 0, 0, Map.of());

    public Usage {
        byAssistant = byAssistant == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(byAssistant));
    }

    public Usage(long inputTokens, long outputTokens) {
        this(inputTokens, outputTokens, 0, Map.of());
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** One assistant's share of a run's tokens. */
    public record ByAssistant(long inputTokens, long outputTokens) {
    }
}

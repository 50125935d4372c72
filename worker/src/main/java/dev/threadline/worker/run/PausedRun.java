package dev.threadline.worker.run;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.threadline.common.usage.ModelTokens;
import dev.threadline.model.usage.ContextUsage;
import dev.threadline.worker.assistant.PausedFrame;
import dev.threadline.worker.assistant.RunSession;
import org.jspecify.annotations.Nullable;

/**
 * What a worker keeps of a run it paused for an approval, in the {@value #COLLECTION} collection (one per run), so
 * any worker can continue it: the assistants' conversations, the answer's text and event numbering so far, what its
 * model calls spent, and its timings. Tokens are lists rather than maps: model names contain dots.
 */
record PausedRun(
        String id,
        int attempt,
        List<PausedFrame> frames,
        String content,
        long lastDeltaSeq,
        long seq,
        int toolRounds,
        List<Spend> byAssistant,
        List<Spend> byModel,
        @Nullable ContextUsage context,
        @Nullable Long firstTokenMs,
        long activeMs,
        Instant pausedAt) {

    static final String COLLECTION = "run_pauses";

    /** Gives the session of the continuing run what the run spent before it paused, and its tool rounds. */
    void restoreInto(RunSession session) {
        session.restore(tokens(byAssistant), tokens(byModel), toolRounds, context);
    }

    private static Map<String, ModelTokens> tokens(List<Spend> spends) {
        Map<String, ModelTokens> tokens = new TreeMap<>();
        spends.forEach(spend -> tokens.put(spend.name(), new ModelTokens(spend.inputTokens(), spend.outputTokens(),
                spend.cachedTokens())));
        return tokens;
    }

    static List<Spend> spends(Map<String, ModelTokens> tokens) {
        return tokens.entrySet().stream().map(entry -> new Spend(entry.getKey(), entry.getValue().inputTokens(),
                entry.getValue().outputTokens(), entry.getValue().cachedTokens())).toList();
    }

    /** The tokens spent by one assistant or on one model. */
    record Spend(String name, long inputTokens, long outputTokens, long cachedTokens) {
    }
}

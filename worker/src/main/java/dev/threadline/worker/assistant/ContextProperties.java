package dev.threadline.worker.assistant;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxInputTokens the input budget of a model call (instructions, history, tool results), for models not listed
 * @param maxInputTokensByModel budgets of particular models, e.g. {@code gpt-4.1-mini: 200000}
 * @param imageTokens what one image counts for
 */
@ConfigurationProperties("threadline.context")
record ContextProperties(@DefaultValue("24000") int maxInputTokens,
        @DefaultValue Map<String, Integer> maxInputTokensByModel,
        @DefaultValue("765") int imageTokens) {

    public int budget(String model) {
        return maxInputTokensByModel.getOrDefault(model, maxInputTokens);
    }
}

package dev.threadline.common.usage;

/** The tokens of the model calls of one run on one model. */
public record ModelTokens(long inputTokens, long outputTokens, long cachedTokens) {

    public ModelTokens plus(long input, long output, long cached) {
        return new ModelTokens(inputTokens + input, outputTokens + output, cachedTokens + cached);
    }
}

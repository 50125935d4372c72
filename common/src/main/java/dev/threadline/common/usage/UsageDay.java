package dev.threadline.common.usage;

/**
 * One user's tokens on one model on one UTC day, in the {@value #COLLECTION} collection: incremented as
 * each run ends, never computed by scanning messages. {@code date} is {@code YYYY-MM-DD}; {@code runs}
 * counts the runs that called the model that day.
 */
public record UsageDay(String id, String userId, String date, String model, long inputTokens, long outputTokens,
        long cachedTokens, long runs) {

    public static final String COLLECTION = "usage_daily";

    public static String idOf(String userId, String date, String model) {
        return userId + '|' + date + '|' + model;
    }

    public long totalTokens() {
        return inputTokens + outputTokens;
    }
}

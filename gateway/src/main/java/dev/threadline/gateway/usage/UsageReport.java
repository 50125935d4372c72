package dev.threadline.gateway.usage;

import java.math.BigDecimal;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /api/usage} (PROTOCOL.md §12): the caller's ledger rows, oldest first, their totals, and the
 * daily budget when one applies. {@code cost}, in the configured price unit, appears only when every
 * model involved has a price.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record UsageReport(List<Day> days, Totals totals, @Nullable Budget budget) {

    /** One model on one UTC day; {@code runs} counts the runs that called the model that day. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Day(String date, String model, long inputTokens, long outputTokens, long cachedTokens, long runs,
            @Nullable BigDecimal cost) {
    }

    /** The sums of the days; a run that called two models counts in both of their rows, so also twice in {@code runs}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Totals(long inputTokens, long outputTokens, long cachedTokens, long runs, @Nullable BigDecimal cost) {
    }

    /** The caller's daily token budget and the input plus output tokens spent of it today (UTC). */
    record Budget(long dailyTokens, long usedToday) {
    }
}

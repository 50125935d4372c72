package dev.threadline.gateway.usage;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param dailyTokens {@code THREADLINE_BUDGET_DAILY_TOKENS}: the input plus output tokens a user may spend per UTC day
 *        before a send is refused; unset, no budget. A user's own {@code dailyTokens} (PROTOCOL.md §14) wins over it.
 */
@ConfigurationProperties("threadline.budget")
record BudgetProperties(@Nullable Long dailyTokens) {
}

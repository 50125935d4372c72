package dev.threadline.gateway.admin;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.threadline.common.usage.UsageDay;

/**
 * {@code GET /api/admin/usage}: each user's tokens and runs over the days asked, most tokens first, and
 * everyone's together. {@code runs} adds up the ledger's runs per model and day, as the user's own usage
 * does: a run that called two models counts once for each.
 */
record UsageReport(List<UserUsage> users, Totals totals) {

    record UserUsage(String userId, long inputTokens, long outputTokens, long cachedTokens, long runs) {

        UserUsage plus(UsageDay day) {
            return new UserUsage(userId, inputTokens + day.inputTokens(), outputTokens + day.outputTokens(),
                    cachedTokens + day.cachedTokens(), runs + day.runs());
        }

        long tokens() {
            return inputTokens + outputTokens;
        }
    }

    record Totals(long inputTokens, long outputTokens, long cachedTokens, long runs) {
    }

    static UsageReport of(List<UsageDay> days) {
        Map<String, UserUsage> byUser = new LinkedHashMap<>();
        for (UsageDay day : days) {
            byUser.merge(day.userId(), new UserUsage(day.userId(), 0, 0, 0, 0).plus(day),
                    (sum, more) -> sum.plus(day));
        }
        List<UserUsage> users = byUser.values().stream()
                .sorted(Comparator.comparingLong(UserUsage::tokens).reversed().thenComparing(UserUsage::userId))
                .toList();
        return new UsageReport(users, new Totals(users.stream().mapToLong(UserUsage::inputTokens).sum(),
                users.stream().mapToLong(UserUsage::outputTokens).sum(),
                users.stream().mapToLong(UserUsage::cachedTokens).sum(),
                users.stream().mapToLong(UserUsage::runs).sum()));
    }
}

package dev.threadline.gateway.usage;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

import dev.threadline.common.usage.UsageLedger;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/usage?from=YYYY-MM-DD&to=YYYY-MM-DD} (PROTOCOL.md §12), both days included, UTC. Without
 * {@code to}, today; without {@code from}, the 30 days ending with {@code to}. A date that is not
 * {@code YYYY-MM-DD}, {@code from} after {@code to}, or more than {@value DateRange#MAX_DAYS} days is
 * {@code 400 validation_failed}.
 */
@RestController
class UsageController {

    private final UsageLedger ledger;
    private final DailyBudget budget;
    private final PriceProperties prices;

    UsageController(UsageLedger ledger, DailyBudget budget, PriceProperties prices) {
        this.ledger = ledger;
        this.budget = budget;
        this.prices = prices;
    }

    @GetMapping("/api/usage")
    UsageReport usage(@AuthenticationPrincipal Jwt user, @RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        DateRange range = DateRange.of(from, to, ledger.today());
        List<UsageReport.Day> days = ledger.days(user.getSubject(), range.from(), range.to()).stream()
                .map(day -> new UsageReport.Day(day.date(), day.model(), day.inputTokens(), day.outputTokens(),
                        day.cachedTokens(), day.runs(), prices.costOf(day)))
                .toList();
        return new UsageReport(days, totals(days), budget.status(user.getSubject())
                .map(status -> new UsageReport.Budget(status.dailyTokens(), status.usedToday())).orElse(null));
    }

    private UsageReport.Totals totals(List<UsageReport.Day> days) {
        boolean priced = !prices.prices().isEmpty()
                && days.stream().map(UsageReport.Day::cost).allMatch(Objects::nonNull);
        return new UsageReport.Totals(days.stream().mapToLong(UsageReport.Day::inputTokens).sum(),
                days.stream().mapToLong(UsageReport.Day::outputTokens).sum(),
                days.stream().mapToLong(UsageReport.Day::cachedTokens).sum(),
                days.stream().mapToLong(UsageReport.Day::runs).sum(),
                priced ? days.stream().map(UsageReport.Day::cost).reduce(BigDecimal.ZERO, BigDecimal::add) : null);
    }
}

package dev.threadline.gateway.usage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.threadline.common.usage.UsageLedger;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.model.user.UserProfile;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

/**
 * The per-user daily token budget (PROTOCOL.md §12): input plus output tokens of the current UTC day, as
 * the usage ledger counts them, so it holds across gateways. A user's own {@code dailyTokens} wins over
 * the configured default; neither, no budget. Checked before every send that starts a run: once the day's
 * tokens reach the budget, sends are refused until the next UTC midnight; a run under way is never
 * stopped, so a day may end somewhat over budget. A check costs one indexed ledger read; the user's own
 * budget is cached for a few seconds.
 */
@Component
public class DailyBudget {

    private static final Duration PROFILE_CACHED_FOR = Duration.ofSeconds(5);

    private final UsageLedger ledger;
    private final MongoTemplate mongo;
    private final BudgetProperties properties;
    private final Cache<String, Optional<Long>> ownBudgets = Caffeine.newBuilder()
            .expireAfterWrite(PROFILE_CACHED_FOR).maximumSize(100_000).build();

    DailyBudget(UsageLedger ledger, MongoTemplate mongo, BudgetProperties properties) {
        this.ledger = ledger;
        this.mongo = mongo;
        this.properties = properties;
    }

    /** Refuses with {@code 429 budget_exhausted} and the wait until the next UTC day when the budget is spent. */
    public void check(String userId) {
        Optional<Status> status = status(userId);
        if (status.isPresent() && status.get().usedToday() >= status.get().dailyTokens()) {
            throw ThreadlineException.budgetExhausted("The daily budget of " + status.get().dailyTokens()
                    + " tokens is spent; it renews at midnight UTC", untilTomorrow());
        }
    }

    /** The user's budget and what they spent of it today; empty when no budget applies. */
    Optional<Status> status(String userId) {
        return limitOf(userId).map(limit -> new Status(limit, ledger.usedOn(userId, ledger.today())));
    }

    private Optional<Long> limitOf(String userId) {
        Optional<Long> own = ownBudgets.get(userId, id -> Optional.ofNullable(
                mongo.findById(id, UserProfile.class, UserProfile.COLLECTION)).map(UserProfile::dailyTokens));
        return own.isPresent() ? own : Optional.ofNullable(properties.dailyTokens());
    }

    private Duration untilTomorrow() {
        Instant midnight = ledger.today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return Duration.ofSeconds((Duration.between(Instant.now(), midnight).toMillis() + 999) / 1000);
    }

    /** A user's daily budget and the tokens spent today. */
    record Status(long dailyTokens, long usedToday) {
    }
}

package dev.threadline.gateway.usage;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.threadline.common.Ids;
import dev.threadline.common.usage.ModelTokens;
import dev.threadline.common.usage.UsageLedger;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.model.user.UserProfile;
import dev.threadline.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/** The budget without a configured default, on the embedded store; no Spring context. */
class DailyBudgetTests {

    private static final MongoClient client = MongoClients.create(TestServices.mongoUri());
    private static final MongoTemplate mongo = new MongoTemplate(client, "budget-" + Ids.newId());
    private static final UsageLedger ledger = new UsageLedger(mongo, Clock.systemUTC());

    private final DailyBudget budget = new DailyBudget(ledger, mongo, new BudgetProperties(null));

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void withoutADefaultOrAnOwnBudgetNothingIsLimited() {
        String user = Ids.newId();
        ledger.record(user, ledger.today(), Map.of("gpt-4.1-mini", new ModelTokens(10_000_000, 1_000_000, 0)));

        assertThat(budget.status(user)).isEmpty();
        assertThatNoException().isThrownBy(() -> budget.check(user));
    }

    @Test
    void anOwnBudgetAppliesWithoutADefaultAndCountsInputPlusOutputOfToday() {
        String user = Ids.newId();
        mongo.save(new UserProfile(user, Instant.now(), Instant.now(), false, 1_000L), UserProfile.COLLECTION);
        ledger.record(user, ledger.today().minusDays(1), Map.of("gpt-4.1-mini", new ModelTokens(5_000, 0, 0)));
        ledger.record(user, ledger.today(), Map.of("gpt-4.1-mini", new ModelTokens(600, 300, 500)));

        assertThatNoException().isThrownBy(() -> budget.check(user));

        ledger.record(user, ledger.today(), Map.of("gpt-4.1", new ModelTokens(50, 50, 0)));

        assertThat(budget.status(user)).contains(new DailyBudget.Status(1_000, 1_000));
        assertThatExceptionOfType(ThreadlineException.class).isThrownBy(() -> budget.check(user))
                .satisfies(refused -> {
                    assertThat(refused.status()).isEqualTo(429);
                    assertThat(refused.code()).isEqualTo("budget_exhausted");
                    assertThat(refused.retryAfter().toSeconds()).isBetween(1L, 86_400L);
                });
    }
}

package dev.threadline.common.usage;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * The {@link UsageDay} ledger: workers add a run's tokens once as it ends; gateways read a user's days,
 * today's total for the budget, and every user's days for the admin. Days are UTC.
 */
public class UsageLedger {

    private final MongoTemplate mongo;
    private final Clock clock;

    public UsageLedger(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    /** Adds one run's tokens, per model, to its user's day: one upsert per model, each counting the run once. */
    public void record(String userId, LocalDate date, Map<String, ModelTokens> byModel) {
        byModel.forEach((model, tokens) -> add(userId, date, model, tokens, 1));
    }

    /** Adds the tokens of a model call made for the user outside any run (a thread's title); no run is counted. */
    public void recordCall(String userId, LocalDate date, String model, ModelTokens tokens) {
        add(userId, date, model, tokens, 0);
    }

    private void add(String userId, LocalDate date, String model, ModelTokens tokens, int runs) {
        mongo.upsert(Query.query(Criteria.where("_id").is(UsageDay.idOf(userId, date.toString(), model))),
                new Update().setOnInsert("userId", userId).setOnInsert("date", date.toString())
                        .setOnInsert("model", model).inc("inputTokens", tokens.inputTokens())
                        .inc("outputTokens", tokens.outputTokens()).inc("cachedTokens", tokens.cachedTokens())
                        .inc("runs", runs),
                UsageDay.COLLECTION);
    }

    /** The user's days from {@code from} to {@code to}, both included, oldest first. */
    public List<UsageDay> days(String userId, LocalDate from, LocalDate to) {
        return mongo.find(Query.query(Criteria.where("userId").is(userId).and("date").gte(from.toString())
                .lte(to.toString())).with(Sort.by("date", "model")), UsageDay.class, UsageDay.COLLECTION);
    }

    /** Input plus output tokens the user spent on {@code date}, every model together. */
    public long usedOn(String userId, LocalDate date) {
        return days(userId, date, date).stream().mapToLong(UsageDay::totalTokens).sum();
    }

    /** Every user's days from {@code from} to {@code to}, by user then date. */
    public List<UsageDay> everyone(LocalDate from, LocalDate to) {
        return mongo.find(Query.query(Criteria.where("date").gte(from.toString()).lte(to.toString()))
                .with(Sort.by("userId", "date", "model")), UsageDay.class, UsageDay.COLLECTION);
    }
}

package dev.threadline.common.store;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The store's health by the {@code ping} command, which every MongoDB-wire server answers (Boot's own
 * indicator sends {@code hello}, which the embedded store of local mode and tests does not know).
 * Registered as {@code mongoHealthIndicator}, so it replaces Boot's and shows as {@code mongo}. A store that
 * does not answer within {@code timeout} is DOWN, so a stalled store takes the process out of readiness
 * within about that long, and a probe never hangs on it.
 */
public final class StorePingHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;
    private final Duration timeout;

    public StorePingHealthIndicator(MongoTemplate mongo, Duration timeout) {
        super("The store did not answer ping");
        this.mongo = mongo;
        this.timeout = timeout;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document answer = mongo.execute(database -> database.withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .runCommand(new Document("ping", 1)));
        builder.status(answer != null && answer.get("ok") instanceof Number ok && ok.doubleValue() == 1.0 ? "UP" : "DOWN");
    }
}

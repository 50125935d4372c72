package dev.threadline.common.store;

import org.bson.Document;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The store's health by the {@code ping} command, which every MongoDB-wire server answers (Boot's own
 * indicator sends {@code hello}, which the embedded store of local mode and tests does not know).
 * Registered as {@code mongoHealthIndicator}, so it replaces Boot's and shows as {@code mongo}.
 */
public final class StorePingHealthIndicator extends AbstractHealthIndicator {

    private final MongoTemplate mongo;

    public StorePingHealthIndicator(MongoTemplate mongo) {
        super("The store did not answer ping");
        this.mongo = mongo;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Document answer = mongo.executeCommand(new Document("ping", 1));
        builder.status(answer.get("ok") instanceof Number ok && ok.doubleValue() == 1.0 ? "UP" : "DOWN");
    }
}

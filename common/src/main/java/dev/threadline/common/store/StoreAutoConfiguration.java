package dev.threadline.common.store;

import dev.threadline.common.assistant.AssistantCatalog;
import dev.threadline.common.run.RunLifecycle;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The store as both services use it: its schema, the run lifecycle, the assistant catalog, and a health
 * indicator that pings (registered as {@code mongoHealthIndicator}, before Boot's, so it replaces the one
 * that sends {@code hello}, which the embedded store does not know).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration",
        afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
@EnableConfigurationProperties(StoreProperties.class)
public class StoreAutoConfiguration {

    @Bean
    StoreSchema storeSchema(MongoTemplate mongo, StoreProperties properties) {
        return new StoreSchema(mongo, properties);
    }

    @Bean
    RunLifecycle runLifecycle(MongoTemplate mongo) {
        return new RunLifecycle(mongo);
    }

    @Bean
    AssistantCatalog assistantCatalog(MongoTemplate mongo) {
        return new AssistantCatalog(mongo);
    }

    @Bean
    StorePingHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new StorePingHealthIndicator(mongo);
    }
}

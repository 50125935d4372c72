package dev.threadline.common.store;

import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import dev.threadline.common.assistant.AssistantCatalog;
import dev.threadline.common.run.RunLifecycle;
import dev.threadline.common.tree.ConversationTree;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoDatabaseFactorySupport;
import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The store as both services use it: its schema, the run lifecycle, the assistant catalog, and a health
 * indicator that pings (registered as {@code mongoHealthIndicator}, before Boot's, so it replaces the one
 * that sends {@code hello}, which the embedded store does not know). With
 * {@code threadline.store.operation-timeout} every operation of the process is bounded by the driver's
 * client-side operation timeout, and a store that does not answer surfaces as
 * {@code DataAccessResourceFailureException} ({@link StoreExceptionTranslator}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration",
        afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
@EnableConfigurationProperties(StoreProperties.class)
public class StoreAutoConfiguration {

    /** Indexes are built without the operation timeout, however long a new one on a large collection takes. */
    @Bean
    StoreSchema storeSchema(MongoTemplate mongo, MongoClient client, StoreProperties properties) {
        MongoTemplate schema = properties.operationTimeout() == null ? mongo
                : new MongoTemplate(new UntimedDatabaseFactory(client, mongo.getDb().getName()), mongo.getConverter());
        return new StoreSchema(schema, properties);
    }

    @Bean
    RunLifecycle runLifecycle(MongoTemplate mongo) {
        return new RunLifecycle(mongo);
    }

    @Bean
    ConversationTree conversationTree(MongoTemplate mongo) {
        return new ConversationTree(mongo);
    }

    @Bean
    AssistantCatalog assistantCatalog(MongoTemplate mongo) {
        return new AssistantCatalog(mongo);
    }

    @Bean
    StorePingHealthIndicator mongoHealthIndicator(MongoTemplate mongo, StoreProperties properties) {
        return new StorePingHealthIndicator(mongo, properties.pingTimeout());
    }

    /** The driver's client-side operation timeout ({@code timeoutMS}), when one is configured. */
    @Bean
    MongoClientSettingsBuilderCustomizer storeOperationTimeout(StoreProperties properties) {
        return settings -> {
            if (properties.operationTimeout() != null) {
                settings.timeout(properties.operationTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        };
    }

    /** Set on the database factory before any template reads it from there. */
    @Bean
    static BeanPostProcessor storeExceptionTranslation() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof MongoDatabaseFactorySupport<?> factory) {
                    factory.setExceptionTranslator(new StoreExceptionTranslator());
                }
                return bean;
            }
        };
    }
}

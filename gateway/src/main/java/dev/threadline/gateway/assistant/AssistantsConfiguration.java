package dev.threadline.gateway.assistant;

import dev.threadline.model.assistant.AssistantCatalog;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class AssistantsConfiguration {

    @Bean
    AssistantCatalog assistantCatalog(MongoTemplate mongo) {
        return new AssistantCatalog(mongo);
    }

    /** A fresh install accepts messages to the default assistants even before any worker has started. */
    @EventListener(ApplicationReadyEvent.class)
    void seedDefaults(ApplicationReadyEvent event) {
        AssistantCatalog catalog = event.getApplicationContext().getBean(AssistantCatalog.class);
        catalog.ensureIndexes();
        catalog.seedDefaultsIfEmpty();
    }
}

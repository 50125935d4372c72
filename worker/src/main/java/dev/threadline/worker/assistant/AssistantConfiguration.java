package dev.threadline.worker.assistant;

import dev.threadline.model.assistant.AssistantCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class AssistantConfiguration {

    @Bean
    AssistantCatalog assistantCatalog(MongoTemplate mongo) {
        return new AssistantCatalog(mongo);
    }

    @Bean
    AssistantLookup assistantLookup(AssistantCatalog catalog) {
        return catalog::findByName;
    }
}

package dev.threadline.worker.assistant;

import dev.threadline.common.assistant.AssistantCatalog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class AssistantConfiguration {

    @Bean
    AssistantLookup assistantLookup(AssistantCatalog catalog) {
        return catalog::findByName;
    }
}

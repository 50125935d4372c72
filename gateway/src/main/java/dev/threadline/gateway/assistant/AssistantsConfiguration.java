package dev.threadline.gateway.assistant;

import dev.threadline.common.assistant.AssistantCatalog;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

@Configuration(proxyBeanMethods = false)
class AssistantsConfiguration {

    /** A fresh install accepts messages to the default assistants even before any worker has started. */
    @EventListener(ApplicationReadyEvent.class)
    void seedDefaults(ApplicationReadyEvent event) {
        event.getApplicationContext().getBean(AssistantCatalog.class).seedDefaultsIfEmpty();
    }
}

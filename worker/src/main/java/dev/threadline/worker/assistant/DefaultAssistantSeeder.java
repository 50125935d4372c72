package dev.threadline.worker.assistant;

import dev.threadline.common.assistant.AssistantCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/** A fresh install answers with all three assistants: a worker that finds none seeds the defaults. */
@Component
class DefaultAssistantSeeder implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(DefaultAssistantSeeder.class);

    private final AssistantCatalog catalog;
    private final OrchestrationProperties properties;

    DefaultAssistantSeeder(AssistantCatalog catalog, OrchestrationProperties properties) {
        this.catalog = catalog;
        this.properties = properties;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (!properties.seedDefaults()) {
            return;
        }
        if (catalog.seedDefaultsIfEmpty()) {
            log.info("No assistants in the store: created orchestrator, psychologist and wardrobe");
        }
    }
}

package dev.threadline.worker.assistant;

import java.util.Optional;

import dev.threadline.model.assistant.AssistantDefinition;

/** Finds an assistant by name: the store's catalog in the worker, a fixed set in tests of the orchestration. */
@FunctionalInterface
interface AssistantLookup {

    Optional<AssistantDefinition> findByName(String name);
}

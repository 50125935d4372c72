package dev.threadline.worker.assistant;

import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * The assistants a run can be addressed to. Until assistants live in the store (see the assistants
 * issue), these are the three defaults of the styling product.
 */
@Component
public class AssistantDirectory {

    private static final Map<String, AssistantProfile> DEFAULTS = Map.of(
            "orchestrator", new AssistantProfile("orchestrator", null, """
                    You are Threadline's personal stylist. Answer the user directly, warmly and concretely: \
                    suggest specific garments, colours and combinations, and explain briefly why they work \
                    for the occasion, the weather and the person. Keep answers short unless asked for detail.""",
                    null),
            "psychologist", new AssistantProfile("psychologist", null, """
                    You read the mood, the occasion and the confidence needs behind a styling question and \
                    say in two or three sentences what the outfit should make the person feel.""", null),
            "wardrobe", new AssistantProfile("wardrobe", null, """
                    You are a wardrobe specialist: garments, fabrics, fit, layering for the weather, and \
                    what to combine from the user's own items.""", null));

    public Optional<AssistantProfile> find(String name) {
        return Optional.ofNullable(DEFAULTS.get(name));
    }
}

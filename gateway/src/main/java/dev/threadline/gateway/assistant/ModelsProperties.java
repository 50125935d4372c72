package dev.threadline.gateway.assistant;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param defaultModel {@code OPENAI_MODEL}
 * @param allowed the models a message may name (the default model is always allowed)
 */
@ConfigurationProperties("threadline.models")
public record ModelsProperties(@DefaultValue("gpt-4.1-mini") String defaultModel,
        @DefaultValue({ "gpt-4.1-mini", "gpt-4.1", "gpt-4o-mini", "gpt-4o" }) List<String> allowed) {

    public Set<String> allowedModels() {
        Set<String> models = new LinkedHashSet<>();
        models.add(defaultModel);
        models.addAll(allowed);
        return models;
    }
}

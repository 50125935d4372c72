package dev.threadline.worker.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.openai.client.OpenAIClient;
import com.openai.core.ObjectMappers;
import com.openai.models.moderations.Moderation;
import com.openai.models.moderations.ModerationCreateParams;

/**
 * OpenAI's moderation endpoint through openai-java. A failure of the endpoint is a {@link ModelException}
 * like any other provider failure: the run fails rather than passing unchecked input to the model.
 */
final class OpenAiModeration implements InputModeration {

    private final OpenAIClient client;
    private final String model;

    OpenAiModeration(OpenAIClient client, String model) {
        this.client = client;
        this.model = model;
    }

    @Override
    public List<String> flaggedCategories(String text) {
        try {
            List<Moderation> flagged = client.moderations().create(ModerationCreateParams.builder().input(text)
                    .model(model).build()).results().stream().filter(Moderation::flagged).toList();
            if (flagged.isEmpty()) {
                return List.of();
            }
            List<String> categories = flagged.stream().flatMap(result -> trueKeys(result.categories()).stream())
                    .distinct().sorted().toList();
            return categories.isEmpty() ? List.of("unspecified") : categories;
        }
        catch (RuntimeException ex) {
            throw ModelErrors.translate(ex);
        }
    }

    private static List<String> trueKeys(Moderation.Categories categories) {
        Map<?, ?> byName = ObjectMappers.jsonMapper().convertValue(categories, Map.class);
        return byName.entrySet().stream().filter(entry -> Boolean.TRUE.equals(entry.getValue()))
                .map(entry -> Objects.toString(entry.getKey())).toList();
    }
}

package dev.threadline.worker.model;

import com.openai.client.OpenAIClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@link OpenAIClient} for the process when a key is configured; the adapter {@code OPENAI_API} names
 * (or the offline demo model without a key); and the optional input moderation.
 */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

    @Bean
    @Conditional(ProviderConfigured.class)
    ProviderConnections providerConnections(ModelProperties properties) {
        return new ProviderConnections(properties);
    }

    @Bean
    @Conditional(ProviderConfigured.class)
    OpenAIClient openAiClient(ModelProperties properties, ProviderConnections connections) {
        log.info("Model provider: {} API at {}", properties.api(), properties.baseUrl());
        return connections.openAiClient(properties);
    }

    @Bean
    ChatModel chatModel(ModelProperties properties, ObjectProvider<OpenAIClient> client,
            ObjectProvider<RequestHeaders> headers, JsonMapper json) {
        OpenAIClient provider = client.getIfAvailable();
        if (provider == null) {
            log.warn("OPENAI_API_KEY is not set: the offline demo model answers with scripted, clearly labelled text "
                    + "(the specialists and tools still run; the weather is estimated when its service is unreachable)");
            return new DemoModel(properties.offlineTokenInterval(), json);
        }
        RequestHeaders requestHeaders = headers.getIfAvailable(() -> RequestHeaders.NONE);
        return "chat-completions".equals(properties.api()) ? new ChatCompletionsModel(provider, requestHeaders)
                : new ResponsesModel(provider, requestHeaders);
    }

    @Bean
    InputModeration inputModeration(ModerationProperties moderation, ObjectProvider<OpenAIClient> client) {
        if (!moderation.enabled()) {
            return InputModeration.OFF;
        }
        OpenAIClient provider = client.getIfAvailable();
        if (provider == null) {
            throw new IllegalArgumentException("OPENAI_MODERATION=true needs OPENAI_API_KEY (or OPENAI_API_KEY_FILE)");
        }
        log.info("User messages are checked by the moderation model {}", moderation.model());
        return new OpenAiModeration(provider, moderation.model());
    }

    /** A key (or key file) is configured: talk to a real provider rather than the offline demo model. */
    static final class ProviderConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("threadline.model.api-key"))
                    || StringUtils.hasText(context.getEnvironment().getProperty("threadline.model.api-key-file"));
        }
    }
}

package dev.threadline.worker.model;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * The model provider (PROTOCOL.md §8).
 *
 * @param apiKey {@code OPENAI_API_KEY}; when blank the offline model answers
 * @param baseUrl {@code OPENAI_BASE_URL}, any OpenAI-compatible endpoint, ending in {@code /v1}
 * @param api {@code OPENAI_API}: {@code responses} or {@code chat-completions}
 * @param defaultModel {@code OPENAI_MODEL}
 * @param maxRetries retries of 429/5xx/connection failures before the stream starts (with backoff, honouring Retry-After)
 * @param timeout the whole-request timeout of one model call
 * @param offlineTokenInterval pause between the offline model's tokens
 */
@ConfigurationProperties("threadline.model")
public record ModelProperties(@Nullable String apiKey,
        @DefaultValue("https://api.openai.com/v1") String baseUrl,
        @DefaultValue("responses") String api,
        @DefaultValue("gpt-4.1-mini") String defaultModel,
        @DefaultValue("2") int maxRetries,
        @DefaultValue("120s") Duration timeout,
        @DefaultValue("15ms") Duration offlineTokenInterval) {

    public ModelProperties {
        if (!"responses".equals(api) && !"chat-completions".equals(api)) {
            throw new IllegalArgumentException("OPENAI_API must be 'responses' or 'chat-completions', not '" + api + "'");
        }
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("OPENAI_BASE_URL must be an http(s) URL, not '" + baseUrl + "'");
        }
    }

    public boolean offline() {
        return !StringUtils.hasText(apiKey);
    }
}

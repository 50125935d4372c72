package dev.threadline.worker.model;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * The model provider (PROTOCOL.md §8).
 *
 * @param apiKey {@code OPENAI_API_KEY}; when blank the offline demo model answers
 * @param apiKeyFile {@code OPENAI_API_KEY_FILE}: a file holding the key (container secrets); wins over {@code apiKey}
 * @param baseUrl {@code OPENAI_BASE_URL}, any OpenAI-compatible endpoint, ending in {@code /v1}
 * @param api {@code OPENAI_API}: {@code responses} or {@code chat-completions}
 * @param defaultModel {@code OPENAI_MODEL}
 * @param maxRetries retries of 429/5xx/connection failures before the stream starts (with backoff, honouring Retry-After)
 * @param connectTimeout how long connecting to the provider may take
 * @param idleTimeout the longest silence allowed while waiting for the first token or between tokens
 * @param requestTimeout the deadline of one model call, streaming included
 * @param keepAlive how long an idle connection to the provider is kept for the next call; below the provider's own
 *        idle timeout (Node's, uvicorn's and so vLLM's is 5 s), so the provider never closes one as it is reused
 * @param maxIdleConnections how many idle connections to the provider are kept
 * @param offlineTokenInterval pause between the offline demo model's words
 */
@ConfigurationProperties("threadline.model")
public record ModelProperties(@Nullable String apiKey,
        @Nullable String apiKeyFile,
        @DefaultValue("https://api.openai.com/v1") String baseUrl,
        @DefaultValue("responses") String api,
        @DefaultValue("gpt-4.1-mini") String defaultModel,
        @DefaultValue("2") int maxRetries,
        @DefaultValue("10s") Duration connectTimeout,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("10m") Duration requestTimeout,
        @DefaultValue("4s") Duration keepAlive,
        @DefaultValue("5") int maxIdleConnections,
        @DefaultValue("15ms") Duration offlineTokenInterval) {

    public ModelProperties {
        if (StringUtils.hasText(apiKeyFile)) {
            try {
                apiKey = java.nio.file.Files.readString(java.nio.file.Path.of(apiKeyFile)).strip();
            }
            catch (java.io.IOException ex) {
                throw new IllegalArgumentException("OPENAI_API_KEY_FILE cannot be read: " + apiKeyFile);
            }
        }
        if (!"responses".equals(api) && !"chat-completions".equals(api)) {
            throw new IllegalArgumentException("OPENAI_API must be 'responses' or 'chat-completions', not '" + api + "'");
        }
        if (keepAlive.isNegative() || keepAlive.isZero()) {
            throw new IllegalArgumentException("threadline.model.keep-alive must be positive, not " + keepAlive);
        }
        if (maxIdleConnections < 0) {
            throw new IllegalArgumentException("threadline.model.max-idle-connections must not be negative");
        }
        if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
            throw new IllegalArgumentException("OPENAI_BASE_URL must be an http(s) URL, not '" + baseUrl + "'");
        }
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "ModelProperties[api=" + api + ", baseUrl=" + baseUrl + ", defaultModel=" + defaultModel + ", apiKey="
                + (StringUtils.hasText(apiKey) ? "(set)" : "(unset)") + "]";
    }

    public boolean offline() {
        return !StringUtils.hasText(apiKey);
    }
}

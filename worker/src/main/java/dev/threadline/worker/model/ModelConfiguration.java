package dev.threadline.worker.model;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One {@link OpenAIClient} for the process, and the adapter {@code OPENAI_API} names (or the offline model). */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

    @Bean
    ChatModel chatModel(ModelProperties properties) {
        if (properties.offline()) {
            log.warn("OPENAI_API_KEY is not set: the offline model answers with canned, clearly labelled text");
            return new OfflineModel(properties.offlineTokenInterval());
        }
        OpenAIClient client = OpenAIOkHttpClient.builder()
                .apiKey(properties.apiKey())
                .baseUrl(properties.baseUrl())
                .maxRetries(properties.maxRetries())
                .timeout(Timeout.builder().connect(properties.connectTimeout()).read(properties.idleTimeout())
                        .request(properties.requestTimeout()).build())
                .build();
        log.info("Model provider: {} API at {}", properties.api(), properties.baseUrl());
        return "chat-completions".equals(properties.api()) ? new ChatCompletionsModel(client)
                : new ResponsesModel(client);
    }
}

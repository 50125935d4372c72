package dev.threadline.worker.title;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled whether a thread created without a title gets one after its first answer
 * @param model {@code THREADLINE_TITLES_MODEL}: the model that writes titles; blank: {@code OPENAI_MODEL}
 * @param maxConcurrent model calls for titles at once per worker; a thread whose title finds none free takes the first words of its question
 * @param timeout how long a title call may take before the first words are taken instead
 */
@ConfigurationProperties("threadline.titles")
record TitleProperties(@DefaultValue("true") boolean enabled, @Nullable String model,
        @DefaultValue("4") int maxConcurrent, @DefaultValue("20s") Duration timeout) {
}

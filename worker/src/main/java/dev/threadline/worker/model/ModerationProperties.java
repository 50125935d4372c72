package dev.threadline.worker.model;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled {@code OPENAI_MODERATION}: check each user message with the provider's moderation endpoint
 *        before the run; flagged input ends the run with {@code content_flagged}
 * @param model {@code OPENAI_MODERATION_MODEL}
 */
@ConfigurationProperties("threadline.moderation")
record ModerationProperties(@DefaultValue("false") boolean enabled,
        @DefaultValue("omni-moderation-latest") String model) {
}

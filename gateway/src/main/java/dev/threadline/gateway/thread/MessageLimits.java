package dev.threadline.gateway.thread;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxContentChars the longest message content accepted (PROTOCOL.md §4)
 * @param maxClientMessageIdChars the longest {@code clientMessageId} accepted
 * @param defaultAssistant the assistant of threads and messages that name none
 */
@ConfigurationProperties("threadline.messages")
record MessageLimits(@DefaultValue("32000") int maxContentChars,
        @DefaultValue("128") int maxClientMessageIdChars,
        @DefaultValue("orchestrator") String defaultAssistant) {
}

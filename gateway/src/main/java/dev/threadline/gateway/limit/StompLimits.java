package dev.threadline.gateway.limit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of STOMP SEND frames of one user, whatever their destination (typing included); message sends
 * are also subject to the send limits.
 *
 * @param framesPerMinute sustained SEND frames one user may make
 * @param burst SEND frames one user may make at once
 */
@ConfigurationProperties("threadline.limits.stomp")
public record StompLimits(@DefaultValue("600") int framesPerMinute, @DefaultValue("100") int burst) {
}

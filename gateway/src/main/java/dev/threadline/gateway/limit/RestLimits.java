package dev.threadline.gateway.limit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of the REST API.
 *
 * @param requestsPerMinute sustained requests one user may make
 * @param burst requests one user may make at once
 * @param anonymousPerMinute requests one address may make to the endpoints that need no token (register, login)
 * @param anonymousBurst of those, at once
 * @param maxBodyBytes the largest request body; 4 images of 7 MB as data URLs fit
 */
@ConfigurationProperties("threadline.limits.rest")
public record RestLimits(@DefaultValue("600") int requestsPerMinute, @DefaultValue("120") int burst,
        @DefaultValue("60") int anonymousPerMinute, @DefaultValue("30") int anonymousBurst,
        @DefaultValue("31457280") long maxBodyBytes) {
}

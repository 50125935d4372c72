package dev.threadline.worker.cli;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param jwtSecret {@code JWT_SECRET}: when set, {@code --generate-thread} also prints a token for the user
 * @param expiresInHours {@code JWT_EXPIRES_IN_HOURS}
 */
@ConfigurationProperties("threadline.cli")
record CliProperties(@Nullable String jwtSecret, @DefaultValue("12") int expiresInHours) {
}

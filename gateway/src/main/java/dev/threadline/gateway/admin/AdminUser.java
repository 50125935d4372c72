package dev.threadline.gateway.admin;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.model.user.UserProfile;
import org.jspecify.annotations.Nullable;

/**
 * A user as the admin endpoints show them. {@code username} only for a local-issuer account;
 * {@code firstSeenAt}/{@code lastSeenAt} null for a user an admin changed before they came;
 * {@code dailyTokens} null means the configured default budget.
 */
record AdminUser(String id, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String username,
        @Nullable Instant firstSeenAt, @Nullable Instant lastSeenAt, boolean disabled, @Nullable Long dailyTokens) {

    static AdminUser of(UserProfile profile, @Nullable String username) {
        return new AdminUser(profile.id(), username, profile.firstSeenAt(), profile.lastSeenAt(), profile.disabled(),
                profile.dailyTokens());
    }
}

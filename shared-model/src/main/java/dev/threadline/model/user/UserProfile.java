package dev.threadline.model.user;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What Threadline knows of a user of either issuer, in the {@value #COLLECTION} collection (PROTOCOL.md §14):
 * when their tokens were first and last seen, whether an admin disabled them, and their own daily token
 * budget ({@code null}: the configured default). The id is the {@code sub} of their tokens.
 */
public record UserProfile(String id, @Nullable Instant firstSeenAt, @Nullable Instant lastSeenAt, boolean disabled,
        @Nullable Long dailyTokens) {

    public static final String COLLECTION = "user_profiles";
}

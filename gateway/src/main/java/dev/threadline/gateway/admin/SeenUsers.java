package dev.threadline.gateway.admin;

import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps each user's {@code firstSeenAt}/{@code lastSeenAt} (PROTOCOL.md §14) at no cost to a request: a
 * user's profile is written at most once per {@code threadline.admin.seen-interval} on this gateway, on a
 * virtual thread of its own, off the request's path.
 */
@Component
class SeenUsers {

    private static final Logger log = LoggerFactory.getLogger(SeenUsers.class);
    private static final int MAX_REMEMBERED = 100_000;

    private final UserProfiles profiles;
    private final Cache<String, Instant> recentlyWritten;

    SeenUsers(UserProfiles profiles, AdminProperties properties) {
        this.profiles = profiles;
        this.recentlyWritten = Caffeine.newBuilder().expireAfterWrite(properties.seenInterval())
                .maximumSize(MAX_REMEMBERED).build();
    }

    void seen(String userId) {
        Instant now = Instant.now();
        if (recentlyWritten.asMap().putIfAbsent(userId, now) != null) {
            return;
        }
        Thread.ofVirtual().name("user-seen").start(() -> {
            try {
                profiles.seen(userId, now);
            }
            catch (RuntimeException ex) {
                recentlyWritten.invalidate(userId);
                log.debug("Could not record that user {} was seen: {}", userId, ex.getMessage());
            }
        });
    }
}

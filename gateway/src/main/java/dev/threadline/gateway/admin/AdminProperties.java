package dev.threadline.gateway.admin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param disabledRefresh how often each gateway reads the set of disabled users from the store: an admin's
 * disabling reaches every gateway within it (the gateway that took the PATCH acts at once)
 * @param seenInterval a user's {@code lastSeenAt} is written at most once per this, per gateway
 */
@ConfigurationProperties("threadline.admin")
record AdminProperties(@DefaultValue("2s") Duration disabledRefresh, @DefaultValue("1m") Duration seenInterval) {

    AdminProperties {
        if (disabledRefresh.isNegative() || disabledRefresh.isZero()) {
            throw new IllegalArgumentException("threadline.admin.disabled-refresh must be positive");
        }
        if (seenInterval.isNegative()) {
            throw new IllegalArgumentException("threadline.admin.seen-interval must not be negative");
        }
    }
}

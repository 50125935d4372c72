package dev.threadline.gateway.presence;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param refreshInterval how often this gateway extends the lifetime of its own presence entries, and sweeps
 *        expired entries (of gateways that died) away
 * @param lifetime how long an entry counts without a refresh: a gateway that dies unannounced has its users gone
 *        from presence after at most this plus one refresh interval
 * @param announceInterval how often the {@code presence} event of each thread whose watchers changed goes out
 *        (once per interval however many changes; one store read for all those threads)
 */
@ConfigurationProperties("threadline.presence")
record PresenceProperties(@DefaultValue("10s") Duration refreshInterval, @DefaultValue("30s") Duration lifetime,
        @DefaultValue("100ms") Duration announceInterval) {

    PresenceProperties {
        if (!lifetime.minus(refreshInterval).isPositive()) {
            throw new IllegalArgumentException("threadline.presence.lifetime must be longer than the refresh interval");
        }
        if (!announceInterval.isPositive()) {
            throw new IllegalArgumentException("threadline.presence.announce-interval must be positive");
        }
    }
}

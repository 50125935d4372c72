package dev.threadline.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after {@value #MAX_PER_USERNAME} failed logins for a username, or
 * {@value #MAX_PER_ADDRESS} from one address, within {@link #WINDOW}, further attempts are refused until
 * the oldest failure leaves the window. In memory, per gateway.
 */
@Component
class LoginThrottle {

    static final int MAX_PER_USERNAME = 5;
    static final int MAX_PER_ADDRESS = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    /** How long the caller must wait before trying again, or zero. */
    Duration retryAfter(String username, String address) {
        Duration byName = wait("user:" + username.toLowerCase(java.util.Locale.ROOT), MAX_PER_USERNAME);
        Duration byAddress = wait("ip:" + address, MAX_PER_ADDRESS);
        return byName.compareTo(byAddress) >= 0 ? byName : byAddress;
    }

    void failed(String username, String address) {
        Instant now = Instant.now();
        record("user:" + username.toLowerCase(java.util.Locale.ROOT), now);
        record("ip:" + address, now);
    }

    void succeeded(String username) {
        failures.remove("user:" + username.toLowerCase(java.util.Locale.ROOT));
    }

    private void record(String key, Instant now) {
        failures.compute(key, (ignored, times) -> {
            Deque<Instant> recent = times == null ? new ArrayDeque<>() : times;
            prune(recent, now);
            recent.addLast(now);
            return recent;
        });
    }

    private Duration wait(String key, int max) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Duration.ZERO;
        }
        synchronized (times) {
            Instant now = Instant.now();
            prune(times, now);
            if (times.size() < max) {
                return Duration.ZERO;
            }
            return Duration.between(now, times.peekFirst().plus(WINDOW));
        }
    }

    private static void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(WINDOW))) {
            times.removeFirst();
        }
    }
}

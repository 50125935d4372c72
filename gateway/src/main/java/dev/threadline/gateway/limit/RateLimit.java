package dev.threadline.gateway.limit;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/**
 * A token bucket per key (a user id, an address): {@code burst} requests at once, refilled at
 * {@code perMinute}. Buckets of keys idle for ten minutes are dropped, so the map stays as small as the
 * set of active callers. In this gateway's memory.
 */
public final class RateLimit {

    private final long perMinute;
    private final long burst;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10))
            .build();

    public RateLimit(long perMinute, long burst) {
        if (perMinute < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs at least one request a minute and a burst of one");
        }
        this.perMinute = perMinute;
        this.burst = burst;
    }

    /** Takes one token for the key: zero when allowed, otherwise how long until the next one. */
    public Duration take(String key) {
        ConsumptionProbe probe = buckets.get(key, ignored -> newBucket()).tryConsumeAndReturnRemaining(1);
        return probe.isConsumed() ? Duration.ZERO : Duration.ofNanos(probe.getNanosToWaitForRefill());
    }

    private Bucket newBucket() {
        return Bucket.builder().addLimit(limit -> limit.capacity(burst).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build();
    }
}

package dev.threadline.gateway.thread;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.threadline.gateway.dispatch.RunStore;
import dev.threadline.gateway.web.ApiException;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Per-user limits on sending: a token bucket of {@code messagesPerMinute} with bursts of {@code burst}, and
 * at most {@code maxActiveRuns} runs queued or running at once. Refusals are {@code 429 rate_limited} with
 * {@code Retry-After} (the STOMP error event carries the same code). The bucket lives in this gateway's memory.
 */
@Component
class SendLimits {

    private final Settings settings;
    private final RunStore runs;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    SendLimits(Settings settings, RunStore runs) {
        this.settings = settings;
        this.runs = runs;
    }

    void check(String userId) {
        if (runs.countActive(userId) >= settings.maxActiveRuns()) {
            throw ApiException.rateLimited("At most " + settings.maxActiveRuns() + " answers may be pending at once",
                    Duration.ofSeconds(5));
        }
        Bucket bucket = buckets.computeIfAbsent(userId, id -> new Bucket(settings.burst()));
        long waitNanos = bucket.take(settings.burst(), settings.messagesPerMinute());
        if (waitNanos > 0) {
            throw ApiException.rateLimited("Too many messages; slow down", Duration.ofNanos(waitNanos));
        }
    }

    /** A token bucket: {@code capacity} tokens, refilled at {@code perMinute} tokens a minute. */
    private static final class Bucket {

        private double tokens;
        private long updatedNanos = System.nanoTime();

        Bucket(int capacity) {
            this.tokens = capacity;
        }

        synchronized long take(int capacity, int perMinute) {
            long now = System.nanoTime();
            double perNano = perMinute / 60e9;
            tokens = Math.min(capacity, tokens + (now - updatedNanos) * perNano);
            updatedNanos = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - tokens) / perNano);
        }
    }

    /**
     * @param messagesPerMinute sustained sends a user may make
     * @param burst sends a user may make at once
     * @param maxActiveRuns runs of one user that may be queued or running at once
     */
    @ConfigurationProperties("threadline.limits.sends")
    record Settings(@DefaultValue("30") int messagesPerMinute, @DefaultValue("10") int burst,
            @DefaultValue("5") int maxActiveRuns) {
    }
}

package dev.threadline.gateway.thread;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.threadline.common.run.RunLifecycle;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.gateway.limit.RateLimit;
import dev.threadline.gateway.usage.DailyBudget;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * Per-user limits on sending: a token bucket of {@code messagesPerMinute} with bursts of {@code burst}, and
 * at most {@code maxActiveRuns} runs queued or running at once. Refusals are {@code 429 rate_limited} with
 * {@code Retry-After} (the STOMP error event carries the same code). The bucket lives in this gateway's memory.
 * The user's daily token budget is checked first ({@code 429 budget_exhausted}, PROTOCOL.md §12).
 */
@Component
class SendLimits {

    private final Settings settings;
    private final RunLifecycle runs;
    private final RateLimit sends;
    private final DailyBudget budget;

    SendLimits(Settings settings, RunLifecycle runs, DailyBudget budget) {
        this.settings = settings;
        this.runs = runs;
        this.budget = budget;
        this.sends = new RateLimit(settings.messagesPerMinute(), settings.burst());
    }

    /** The budget and the count of active runs are two store reads: they are made side by side. */
    void check(String userId) {
        CompletableFuture<Long> active = CompletableFuture.supplyAsync(() -> runs.countActive(userId),
                Thread::startVirtualThread);
        budget.check(userId);
        if (joined(active) >= settings.maxActiveRuns()) {
            throw ThreadlineException.rateLimited("At most " + settings.maxActiveRuns() + " answers may be pending at once",
                    Duration.ofSeconds(5));
        }
        Duration wait = sends.take(userId);
        if (!wait.isZero()) {
            throw ThreadlineException.rateLimited("Too many messages; slow down", wait);
        }
    }

    private static long joined(CompletableFuture<Long> count) {
        try {
            return count.join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw ex;
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

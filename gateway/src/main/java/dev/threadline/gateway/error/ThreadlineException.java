package dev.threadline.gateway.error;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A refused request with a stable {@code code} (PROTOCOL.md §2, §4) and the HTTP-like {@code status} that
 * goes with it. Thrown by stores, the dispatcher and controllers alike; each protocol maps it once.
 */
public class ThreadlineException extends RuntimeException {

    /** How long a client is told to wait before retrying a service that is down. */
    private static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

    private final String code;
    private final int status;
    private final boolean retryable;
    private final @Nullable Duration retryAfter;

    private ThreadlineException(int status, String code, String message, boolean retryable,
            @Nullable Duration retryAfter) {
        super(message);
        this.status = status;
        this.code = code;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public static ThreadlineException notFound(String what) {
        return refused(404, "not_found", what + " not found");
    }

    public static ThreadlineException validation(String message) {
        return refused(400, "validation_failed", message);
    }

    public static ThreadlineException tooLarge(String message) {
        return refused(413, "message_too_large", message);
    }

    public static ThreadlineException conflict(String code, String message) {
        return refused(409, code, message);
    }

    /** A {@code 403 forbidden}: the user may see the resource but not do this to it (a member managing a shared thread). */
    public static ThreadlineException forbidden(String message) {
        return refused(403, "forbidden", message);
    }

    public static ThreadlineException unauthorized(String message) {
        return refused(401, "unauthorized", message);
    }

    /** A {@code 429 rate_limited}: worth retrying after {@code retryAfter}. */
    public static ThreadlineException rateLimited(String message, Duration retryAfter) {
        return new ThreadlineException(429, "rate_limited", message, true, retryAfter);
    }

    /** A {@code 429 budget_exhausted}: the user's daily token budget is spent until {@code retryAfter} (PROTOCOL.md §12). */
    public static ThreadlineException budgetExhausted(String message, Duration retryAfter) {
        return new ThreadlineException(429, "budget_exhausted", message, true, retryAfter);
    }

    /** A {@code 503 unavailable}: a backing service is down, worth retrying in a few seconds. */
    public static ThreadlineException unavailable(String message) {
        return new ThreadlineException(503, "unavailable", message, true, UNAVAILABLE_RETRY_AFTER);
    }

    private static ThreadlineException refused(int status, String code, String message) {
        return new ThreadlineException(status, code, message, false, null);
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    /** Whether the same request may succeed later; false when the request itself must change. */
    public boolean retryable() {
        return retryable;
    }

    /** How long to wait before retrying; null when retrying as is will not help. */
    public @Nullable Duration retryAfter() {
        return retryAfter;
    }
}

package dev.threadline.gateway.web;

import org.springframework.http.HttpStatus;

/**
 * A failure with a stable {@code code} (PROTOCOL.md §2), answered as problem+json on REST and as an
 * error event on {@code /user/queue/errors} on STOMP.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private long retryAfterSeconds = 5;

    public ApiException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", what + " not found");
    }

    public static ApiException validation(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "validation_failed", message);
    }

    public static ApiException tooLarge(String message) {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "message_too_large", message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(HttpStatus.CONFLICT, code, message);
    }

    /** A {@code 429 rate_limited}; {@code retryAfter} becomes the {@code Retry-After} header. */
    public static ApiException rateLimited(String message, java.time.Duration retryAfter) {
        ApiException limited = new ApiException(HttpStatus.TOO_MANY_REQUESTS, "rate_limited", message);
        limited.retryAfterSeconds = Math.max(1, retryAfter.toSeconds());
        return limited;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ApiException unavailable(String message) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", message);
    }
}

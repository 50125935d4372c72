package dev.threadline.worker.model;

/**
 * A model call that failed for good (the client's own retries of 429 and 5xx included); {@code code} and
 * {@code retryable} go into the {@code run.failed} event unchanged.
 */
public class ModelException extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public ModelException(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}

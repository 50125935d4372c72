package dev.threadline.worker.model;

import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;

/** Maps openai-java's failures to the stable codes of {@code run.failed}. */
final class ModelErrors {

    private ModelErrors() {
    }

    static ModelException translate(Exception ex) {
        if (ex instanceof java.io.IOException io) {
            return translate(new java.io.UncheckedIOException(io));
        }
        if (ex instanceof ModelException known) {
            return known;
        }
        if (ex instanceof RateLimitException) {
            return new ModelException("rate_limited", "The model provider is rate limiting requests", true, ex);
        }
        if (ex instanceof OpenAIServiceException service) {
            int status = service.statusCode();
            boolean retryable = status >= 500 || status == 408 || status == 409;
            return new ModelException("model_error", "The model provider answered HTTP " + status, retryable, ex);
        }
        if (isTimeout(ex)) {
            return new ModelException("model_timeout", "The model provider did not answer in time", true, ex);
        }
        if (ex instanceof OpenAIIoException || ex instanceof java.io.UncheckedIOException) {
            return new ModelException("model_unavailable", "The model provider could not be reached: "
                    + ex.getMessage() + rootCause(ex), true, ex);
        }
        return new ModelException("model_error", "The model call failed: " + ex.getMessage(), false, ex);
    }

    /** The underlying I/O failure ("Connection reset"), which "Request failed" alone does not name. */
    private static String rootCause(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == ex ? "" : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }

    private static boolean isTimeout(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.net.SocketTimeoutException || cause instanceof java.io.InterruptedIOException
                    && String.valueOf(cause.getMessage()).contains("timeout")) {
                return true;
            }
        }
        return false;
    }
}

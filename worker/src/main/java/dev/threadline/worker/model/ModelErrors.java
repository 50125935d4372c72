package dev.threadline.worker.model;

import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.RateLimitException;

/** Maps openai-java's failures to the stable codes of {@code run.failed}. */
final class ModelErrors {

    private ModelErrors() {
    }

    static ModelException translate(RuntimeException ex) {
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
        if (ex instanceof OpenAIIoException) {
            return new ModelException("model_unavailable", "The model provider could not be reached: "
                    + ex.getMessage(), true, ex);
        }
        return new ModelException("model_error", "The model call failed: " + ex.getMessage(), false, ex);
    }
}

package dev.threadline.model.event;

/** Why a run failed; {@code code} is stable (e.g. {@code model_error}, {@code tool_loop_limit}). */
public record RunError(String code, String message, boolean retryable) {
}

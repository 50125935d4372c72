package dev.threadline.model.message;

import org.jspecify.annotations.Nullable;

public record Feedback(String rating, @Nullable String comment) {
}

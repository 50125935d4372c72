package dev.threadline.gateway.thread;

import org.jspecify.annotations.Nullable;

/** Feedback on an assistant message; {@code messageId} is only read on STOMP (REST names it in the path). */
record FeedbackRequest(@Nullable String messageId, @Nullable String rating, @Nullable String comment) {
}

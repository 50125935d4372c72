package dev.threadline.gateway.stomp;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * What {@code /user/queue/errors} receives about a refused SUBSCRIBE or SEND (PROTOCOL.md §1, §4);
 * {@code retryAfter}, in seconds, when waiting helps (as REST's {@code Retry-After}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record StompErrorEvent(String type, String code, String message, @Nullable String clientMessageId,
        @Nullable String threadId, @Nullable String destination, @Nullable Long retryAfter) {

    /** The code of a frame refused because a backing service (the broker, the store) is down or stalled. */
    static final String UNAVAILABLE = "unavailable";
    static final String UNAVAILABLE_MESSAGE = "A backing service is unavailable; retry later";

    static StompErrorEvent of(String code, String message, @Nullable String clientMessageId,
            @Nullable String threadId, @Nullable String destination) {
        return new StompErrorEvent("error", code, message, clientMessageId, threadId, destination, null);
    }

    StompErrorEvent retryAfter(@Nullable Duration wait) {
        return wait == null ? this : new StompErrorEvent(type, code, message, clientMessageId, threadId, destination,
                Math.max(1, wait.toSeconds()));
    }
}

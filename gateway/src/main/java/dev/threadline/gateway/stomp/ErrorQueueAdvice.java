package dev.threadline.gateway.stomp;

import dev.threadline.gateway.error.ThreadlineException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.messaging.Message;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.simp.annotation.SendToUser;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.web.bind.annotation.ControllerAdvice;
import tools.jackson.core.JacksonException;

/**
 * A SEND that a {@code @MessageMapping} method refuses is answered on the sender's own
 * {@code /user/queue/errors} (PROTOCOL.md §1, §4), and the connection stays open. This is where a
 * {@link ThreadlineException} becomes a STOMP error event; REST has its own mapping in {@code web}.
 * {@code broadcast = false}: the error goes to the session that sent the frame, not to every tab of the user.
 */
@ControllerAdvice
class ErrorQueueAdvice {

    private static final Logger log = LoggerFactory.getLogger(ErrorQueueAdvice.class);

    private final ClientMessageIds clientMessageIds;

    ErrorQueueAdvice(ClientMessageIds clientMessageIds) {
        this.clientMessageIds = clientMessageIds;
    }

    @MessageExceptionHandler
    @SendToUser(destinations = "/queue/errors", broadcast = false)
    StompErrorEvent refused(ThreadlineException ex, Message<?> frame, StompHeaderAccessor headers) {
        return event(ex.code(), String.valueOf(ex.getMessage()), clientMessageIds.of(frame, headers.getDestination()),
                headers).retryAfter(ex.retryAfter());
    }

    /** A body that is not JSON of the destination's shape; its clientMessageId cannot be trusted, so none is named. */
    @MessageExceptionHandler
    @SendToUser(destinations = "/queue/errors", broadcast = false)
    StompErrorEvent unreadable(JacksonException ex, StompHeaderAccessor headers) {
        return event("validation_failed", "The body is not valid JSON for this destination: "
                + ex.getOriginalMessage(), null, headers);
    }

    @MessageExceptionHandler({ AmqpException.class, DataAccessResourceFailureException.class })
    @SendToUser(destinations = "/queue/errors", broadcast = false)
    StompErrorEvent unavailable(RuntimeException ex, Message<?> frame, StompHeaderAccessor headers) {
        log.warn("Send refused, a backing service is down: {}", ex.getMessage());
        return event(StompErrorEvent.UNAVAILABLE, StompErrorEvent.UNAVAILABLE_MESSAGE,
                clientMessageIds.of(frame, headers.getDestination()), headers);
    }

    private static StompErrorEvent event(String code, String message, @Nullable String clientMessageId,
            StompHeaderAccessor headers) {
        String destination = headers.getDestination();
        return StompErrorEvent.of(code, message, clientMessageId, Destinations.threadOfAction(destination),
                destination);
    }
}

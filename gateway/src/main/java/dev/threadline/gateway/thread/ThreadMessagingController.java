package dev.threadline.gateway.thread;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;

import dev.threadline.gateway.dispatch.RunDispatcher;
import dev.threadline.gateway.limit.RateLimit;
import dev.threadline.gateway.limit.StompLimits;
import dev.threadline.gateway.stomp.SessionMessenger;
import dev.threadline.gateway.stomp.StompErrorEvent;
import dev.threadline.gateway.web.ApiException;
import dev.threadline.model.event.Typing;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Controller;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The STOMP SEND destinations of PROTOCOL.md §3. A refused SEND answers on the session's
 * {@code /user/queue/errors} and leaves the connection open; an accepted one gets its RECEIPT only after
 * the message is stored and the broker confirmed the run request.
 */
@Controller
class ThreadMessagingController {

    private static final Logger log = LoggerFactory.getLogger(ThreadMessagingController.class);

    private final MessageSender sender;
    private final RunCanceller canceller;
    private final RunDispatcher dispatcher;
    private final SessionMessenger messenger;
    private final JsonMapper json;
    private final FeedbackRecorder feedback;
    private final RateLimit frames;

    ThreadMessagingController(MessageSender sender, RunCanceller canceller, RunDispatcher dispatcher,
            SessionMessenger messenger, JsonMapper json, FeedbackRecorder feedback, StompLimits limits) {
        this.sender = sender;
        this.canceller = canceller;
        this.dispatcher = dispatcher;
        this.messenger = messenger;
        this.json = json;
        this.feedback = feedback;
        this.frames = new RateLimit(limits.framesPerMinute(), limits.burst());
    }

    @MessageMapping("/threads/{threadId}/messages")
    void send(@DestinationVariable String threadId, @Payload byte[] body, Principal user,
            StompHeaderAccessor headers) {
        SendMessageRequest request = read(body, SendMessageRequest.class, user, headers, threadId);
        if (request != null) {
            handle(user, headers, request.clientMessageId(), threadId,
                    () -> sender.send(user.getName(), threadId, request));
        }
    }

    @MessageMapping("/threads/{threadId}/cancel")
    void cancel(@DestinationVariable String threadId, Principal user, StompHeaderAccessor headers) {
        handle(user, headers, null, threadId, () -> canceller.cancelActive(user.getName(), threadId));
    }

    @MessageMapping("/threads/{threadId}/feedback")
    void feedback(@DestinationVariable String threadId, @Payload byte[] body, Principal user,
            StompHeaderAccessor headers) {
        FeedbackRequest request = read(body, FeedbackRequest.class, user, headers, threadId);
        if (request != null) {
            handle(user, headers, null, threadId,
                    () -> feedback.record(user.getName(), threadId, request.messageId(), request));
        }
    }

    @MessageMapping("/threads/{threadId}/typing")
    void typing(@DestinationVariable String threadId, Principal user, StompHeaderAccessor headers) {
        handle(user, headers, null, threadId,
                () -> dispatcher.publish(new Typing(threadId, Instant.now(), user.getName())));
    }

    /** The parsed body, or null after telling the session it is not valid JSON of that shape. */
    private <T> @Nullable T read(byte[] body, Class<T> type, Principal user, StompHeaderAccessor headers,
            String threadId) {
        try {
            return json.readValue(body, type);
        }
        catch (JacksonException ex) {
            error(user, headers, "validation_failed", "The body is not valid JSON for this destination: "
                    + ex.getOriginalMessage(), null, threadId);
            return null;
        }
    }

    private void handle(Principal user, StompHeaderAccessor headers, @Nullable String clientMessageId,
            String threadId, Runnable action) {
        try {
            Duration wait = frames.take(user.getName());
            if (!wait.isZero()) {
                throw ApiException.rateLimited("Too many frames; slow down", wait);
            }
            action.run();
            if (headers.getReceipt() != null && headers.getSessionId() != null) {
                messenger.receipt(headers.getSessionId(), headers.getReceipt());
            }
        }
        catch (ApiException ex) {
            error(user, headers, ex.code(), ex.getMessage(), clientMessageId, threadId);
        }
        catch (AmqpException | DataAccessResourceFailureException ex) {
            log.warn("Send refused, a backing service is down: {}", ex.getMessage());
            error(user, headers, "unavailable", "A backing service is unavailable; retry later", clientMessageId,
                    threadId);
        }
    }

    private void error(Principal user, StompHeaderAccessor headers, String code, @Nullable String message,
            @Nullable String clientMessageId, String threadId) {
        if (headers.getSessionId() != null) {
            messenger.error(user, headers.getSessionId(), StompErrorEvent.of(code, String.valueOf(message),
                    clientMessageId, threadId, headers.getDestination()));
        }
    }
}

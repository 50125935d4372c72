package dev.threadline.gateway.stomp;

import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Authorizes every SUBSCRIBE and SEND. A refused frame is dropped — it never reaches the broker or a
 * controller — and the session gets a {@code forbidden} error event; the connection stays open so one
 * stale thread id never costs a client its other subscriptions. Whatever is not a destination of the
 * protocol is refused here, so no feature can forget to; who may use a thread (its owner and members) is the
 * threads feature's answer. The listeners hear of an allowed thread subscription before it takes effect. When
 * the store cannot say who may use the thread (it is down, or stalled past its timeout) or a listener cannot
 * reach the broker, the frame is dropped too and the session gets an {@code unavailable} error event: an
 * exception thrown here would drop the frame without a word.
 */
@Component
@Order(InboundStompInterceptor.AUTHORIZATION)
class DestinationGuard implements InboundStompInterceptor {

    private static final Logger log = LoggerFactory.getLogger(DestinationGuard.class);

    private final ThreadOwnership ownership;
    private final List<ThreadSubscriptionListener> listeners;
    private final SessionMessenger messenger;
    private final ClientMessageIds clientMessageIds;

    DestinationGuard(ThreadOwnership ownership, List<ThreadSubscriptionListener> listeners,
            SessionMessenger messenger, ClientMessageIds clientMessageIds) {
        this.ownership = ownership;
        this.listeners = listeners;
        this.messenger = messenger;
        this.clientMessageIds = clientMessageIds;
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null || accessor.getUser() == null) {
            return message;
        }
        Principal user = accessor.getUser();
        StompCommand command = accessor.getCommand();
        try {
            if (command == StompCommand.SUBSCRIBE) {
                return allowSubscribe(accessor, user) ? message : refuse(accessor, user);
            }
            if (command == StompCommand.SEND) {
                String threadId = Destinations.threadOfAction(accessor.getDestination());
                return threadId != null && owns(threadId, user) ? message : refuse(accessor, user);
            }
            return message;
        }
        catch (DataAccessResourceFailureException | AmqpException down) {
            log.warn("{} to {} refused, a backing service is unavailable: {}", command, accessor.getDestination(),
                    down.getMessage());
            String destination = accessor.getDestination();
            messenger.error(user, accessor.getSessionId(), StompErrorEvent.of(StompErrorEvent.UNAVAILABLE,
                    StompErrorEvent.UNAVAILABLE_MESSAGE, clientMessageIds.of(message, destination),
                    threadOf(destination), destination));
            return null;
        }
    }

    private boolean allowSubscribe(StompHeaderAccessor accessor, Principal user) {
        String destination = accessor.getDestination();
        if (Destinations.ERRORS.equals(destination)) {
            return true;
        }
        String threadId = Destinations.threadOfTopic(destination);
        if (threadId == null || !owns(threadId, user)) {
            return false;
        }
        listeners.forEach(listener -> listener.subscribing(accessor.getSessionId(), accessor.getSubscriptionId(),
                threadId));
        return true;
    }

    private boolean owns(String threadId, Principal user) {
        return ownership.isParticipant(threadId, user.getName());
    }

    private @Nullable Message<?> refuse(StompHeaderAccessor accessor, Principal user) {
        String destination = accessor.getDestination();
        messenger.error(user, accessor.getSessionId(), StompErrorEvent.of("forbidden",
                "You may not use this destination", null, threadOf(destination), destination));
        return null;
    }

    private static @Nullable String threadOf(@Nullable String destination) {
        String topicThread = Destinations.threadOfTopic(destination);
        return topicThread != null ? topicThread : Destinations.threadOfAction(destination);
    }
}

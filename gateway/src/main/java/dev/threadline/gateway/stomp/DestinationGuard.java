package dev.threadline.gateway.stomp;

import java.security.Principal;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
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
 * protocol is refused here, so no feature can forget to; who owns a thread is the threads feature's answer.
 * The listeners hear of an allowed thread subscription before it takes effect.
 */
@Component
@Order(InboundStompInterceptor.AUTHORIZATION)
class DestinationGuard implements InboundStompInterceptor {

    private final ThreadOwnership ownership;
    private final List<ThreadSubscriptionListener> listeners;
    private final SessionMessenger messenger;

    DestinationGuard(ThreadOwnership ownership, List<ThreadSubscriptionListener> listeners,
            SessionMessenger messenger) {
        this.ownership = ownership;
        this.listeners = listeners;
        this.messenger = messenger;
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null || accessor.getUser() == null) {
            return message;
        }
        StompCommand command = accessor.getCommand();
        if (command == StompCommand.SUBSCRIBE) {
            return allowSubscribe(accessor, accessor.getUser()) ? message : refuse(accessor, accessor.getUser());
        }
        if (command == StompCommand.SEND) {
            String threadId = Destinations.threadOfAction(accessor.getDestination());
            return threadId != null && owns(threadId, accessor.getUser()) ? message : refuse(accessor, accessor.getUser());
        }
        return message;
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
        return ownership.isOwned(threadId, user.getName());
    }

    private @Nullable Message<?> refuse(StompHeaderAccessor accessor, Principal user) {
        String destination = accessor.getDestination();
        String threadId = destination == null ? null
                : Destinations.threadOfTopic(destination) != null ? Destinations.threadOfTopic(destination)
                : Destinations.threadOfAction(destination);
        messenger.error(user, accessor.getSessionId(), StompErrorEvent.of("forbidden",
                "You may not use this destination", null, threadId, destination));
        return null;
    }
}

package dev.threadline.gateway.stomp;

import java.security.Principal;

import dev.threadline.gateway.relay.ThreadEventRelay;
import dev.threadline.gateway.thread.ThreadAccess;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Authorizes every SUBSCRIBE and SEND. A refused frame is dropped — it never reaches the broker or a
 * controller — and the session gets a {@code forbidden} error event; the connection stays open so one
 * stale thread id never costs a client its other subscriptions. An allowed thread subscription binds the
 * thread's routing key to this gateway's relay queue before the subscription takes effect.
 */
@Component
class DestinationGuard implements ChannelInterceptor {

    private final ThreadAccess access;
    private final ThreadEventRelay relay;
    private final SessionMessenger messenger;

    DestinationGuard(ThreadAccess access, ThreadEventRelay relay, SessionMessenger messenger) {
        this.access = access;
        this.relay = relay;
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
        relay.subscribe(accessor.getSessionId(), accessor.getSubscriptionId(), threadId);
        return true;
    }

    private boolean owns(String threadId, Principal user) {
        return access.isOwned(threadId, user.getName());
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

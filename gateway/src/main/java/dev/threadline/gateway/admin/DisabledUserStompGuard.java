package dev.threadline.gateway.admin;

import java.security.Principal;

import dev.threadline.gateway.stomp.InboundStompInterceptor;
import dev.threadline.gateway.stomp.SessionMessenger;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;

/**
 * Right after authentication: a CONNECT counts as the user being seen, and any frame of a user disabled
 * since their CONNECT is dropped with an ERROR frame starting {@code Unauthorized}, which closes the session.
 */
@Component
@Order(InboundStompInterceptor.ACCOUNT)
class DisabledUserStompGuard implements InboundStompInterceptor {

    private final DisabledUsers disabledUsers;
    private final SeenUsers seenUsers;
    private final SessionMessenger messenger;

    DisabledUserStompGuard(DisabledUsers disabledUsers, SeenUsers seenUsers, SessionMessenger messenger) {
        this.disabledUsers = disabledUsers;
        this.seenUsers = seenUsers;
        this.messenger = messenger;
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        Principal user = accessor == null ? null : accessor.getUser();
        if (user == null || accessor.getCommand() == null || accessor.getCommand() == StompCommand.DISCONNECT) {
            return message;
        }
        if (disabledUsers.contains(user.getName())) {
            if (accessor.getSessionId() != null) {
                messenger.unauthorized(accessor.getSessionId(), DisabledUsers.SESSION_CLOSED);
            }
            return null;
        }
        if (accessor.getCommand() == StompCommand.CONNECT || accessor.getCommand() == StompCommand.STOMP) {
            seenUsers.seen(user.getName());
        }
        return message;
    }
}

package dev.threadline.gateway.auth;

import java.time.Instant;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.gateway.stomp.InboundStompInterceptor;
import dev.threadline.gateway.stomp.SessionMessenger;
import dev.threadline.gateway.stomp.StompSessions;
import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * Checks the {@code Authorization: Bearer} header of the STOMP CONNECT frame with the same resource-server
 * provider REST uses, and makes the token's subject the session's user. A refused CONNECT is dropped and
 * answered with an ERROR frame whose {@code message} starts with {@code Unauthorized}; the STOMP handler
 * closes the connection after it. Runs before any other inbound interceptor, so they all see the user.
 */
@Component
@Order(InboundStompInterceptor.AUTHENTICATION)
class StompAuthenticationInterceptor implements InboundStompInterceptor {

    private static final String BEARER = "Bearer ";

    private final JwtAuthenticationProvider authenticationProvider;
    private final SessionMessenger messenger;
    private final StompSessions sessions;

    StompAuthenticationInterceptor(JwtAuthenticationProvider authenticationProvider, SessionMessenger messenger,
            StompSessions sessions) {
        this.authenticationProvider = authenticationProvider;
        this.messenger = messenger;
        this.sessions = sessions;
    }

    @Override
    public @Nullable Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null || accessor.getCommand() == null) {
            return message;
        }
        try {
            if (accessor.getCommand() == StompCommand.CONNECT || accessor.getCommand() == StompCommand.STOMP) {
                Authentication user = authenticate(bearerToken(accessor));
                Instant expiresAt = user instanceof JwtAuthenticationToken jwt && jwt.getToken().getExpiresAt() != null
                        ? jwt.getToken().getExpiresAt() : Instant.now();
                if (accessor.getSessionId() != null && !sessions.open(accessor.getSessionId(), user.getName(), expiresAt)) {
                    throw ThreadlineException.unauthorized("too many open sessions for this user");
                }
                accessor.setUser(user);
            }
            else if (accessor.getUser() == null && accessor.getCommand() != StompCommand.DISCONNECT) {
                throw ThreadlineException.unauthorized("not connected");
            }
            return message;
        }
        catch (ThreadlineException refused) {
            if (accessor.getSessionId() != null) {
                messenger.unauthorized(accessor.getSessionId(), String.valueOf(refused.getMessage()));
            }
            return null;
        }
    }

    private Authentication authenticate(String token) {
        try {
            return authenticationProvider.authenticate(new BearerTokenAuthenticationToken(token));
        }
        catch (AuthenticationException ex) {
            throw ThreadlineException.unauthorized("invalid token: " + ex.getMessage());
        }
    }

    private static String bearerToken(StompHeaderAccessor accessor) {
        String header = firstHeader(accessor, "Authorization");
        if (header == null) {
            header = firstHeader(accessor, "authorization");
        }
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.length() == BEARER.length()) {
            throw ThreadlineException.unauthorized("missing bearer token");
        }
        return header.substring(BEARER.length()).strip();
    }

    private static @Nullable String firstHeader(StompHeaderAccessor accessor, String name) {
        return accessor.getFirstNativeHeader(name);
    }
}

package dev.threadline.gateway.stomp;

import dev.threadline.gateway.error.ThreadlineException;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;

/**
 * Builds the ERROR frame sent before a connection is closed. A refused CONNECT, or any frame sent before
 * CONNECT, says why in a {@code message} header starting with {@code Unauthorized}, not the channel's
 * wrapper exception.
 */
@Component
class StompErrorHandler extends StompSubProtocolErrorHandler {

    @Override
    public @Nullable Message<byte[]> handleClientMessageProcessingError(@Nullable Message<byte[]> clientMessage,
            Throwable ex) {
        ThreadlineException refused = unauthorized(ex);
        String message = refused != null ? SessionMessenger.unauthorized(String.valueOf(refused.getMessage()))
                : notConnected(clientMessage) ? "Unauthorized: send CONNECT with a bearer token first" : null;
        if (message == null) {
            return super.handleClientMessageProcessingError(clientMessage, ex);
        }
        StompHeaderAccessor accessor = StompHeaderAccessor.create(StompCommand.ERROR);
        accessor.setMessage(message);
        accessor.setLeaveMutable(true);
        return MessageBuilder.createMessage(new byte[0], accessor.getMessageHeaders());
    }

    private static boolean notConnected(@Nullable Message<byte[]> clientMessage) {
        if (clientMessage == null) {
            return false;
        }
        StompHeaderAccessor frame = StompHeaderAccessor.wrap(clientMessage);
        return frame.getUser() == null && frame.getCommand() != StompCommand.CONNECT
                && frame.getCommand() != StompCommand.STOMP;
    }

    private static @Nullable ThreadlineException unauthorized(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof ThreadlineException refused && refused.status() == 401) {
                return refused;
            }
        }
        return null;
    }
}

package dev.threadline.gateway.auth;

/** A refused STOMP CONNECT; its message becomes the ERROR frame's {@code message} header. */
public class StompAuthenticationException extends RuntimeException {

    public StompAuthenticationException(String message) {
        super(message.startsWith("Unauthorized") ? message : "Unauthorized: " + message);
    }
}

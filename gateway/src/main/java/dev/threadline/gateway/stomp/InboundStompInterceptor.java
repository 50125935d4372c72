package dev.threadline.gateway.stomp;

import org.springframework.messaging.support.ChannelInterceptor;

/**
 * How a feature sees every inbound STOMP frame without the plumbing knowing the feature: each bean of this
 * type is added to the client inbound channel, in {@link org.springframework.core.annotation.Order}; a
 * {@code preSend} returning null drops the frame and no later interceptor sees it.
 */
public interface InboundStompInterceptor extends ChannelInterceptor {

    /** First: who sent the frame (CONNECT sets the session's user). */
    int AUTHENTICATION = 100;

    /** Next: whether that user's account may still be used (an admin may disable it). */
    int ACCOUNT = 150;

    /** Then: whether that user may use the frame's destination. */
    int AUTHORIZATION = 200;
}

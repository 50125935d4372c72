package dev.threadline.gateway.stomp;

import org.jspecify.annotations.Nullable;

/**
 * Told of an allowed subscription to {@code /topic/threads/{id}} before it takes effect, so events of
 * the thread can be routed here before the client waits for them. Unsubscribes and disconnects arrive
 * as Spring's session events.
 */
public interface ThreadSubscriptionListener {

    void subscribing(@Nullable String sessionId, @Nullable String subscriptionId, String threadId);
}

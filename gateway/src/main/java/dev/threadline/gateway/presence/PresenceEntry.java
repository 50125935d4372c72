package dev.threadline.gateway.presence;

import java.time.Instant;

/**
 * One STOMP session watching one thread, as stored in the presence collection: written when the session's first
 * subscription to the thread takes effect, removed with its last; {@code expiresAt} is pushed forward by the
 * gateway holding the session, so the entry of a gateway that died expires by itself.
 */
record PresenceEntry(String id, String threadId, String userId, String gatewayId, String sessionId, Instant expiresAt) {

    static String idOf(String gatewayId, String sessionId, String threadId) {
        return gatewayId + '|' + sessionId + '|' + threadId;
    }
}

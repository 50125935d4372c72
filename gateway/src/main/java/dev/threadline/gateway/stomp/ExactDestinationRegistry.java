package dev.threadline.gateway.stomp;

import java.util.ArrayList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.messaging.Message;
import org.springframework.messaging.simp.broker.AbstractSubscriptionRegistry;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The simple broker's subscriptions, looked up by exact destination. Spring's default registry caches
 * matches for 1,024 destinations and otherwise scans every subscription of every session for each
 * message, which, with thousands of threads streaming on one gateway, is paid by every token. Here every
 * destination is exact ({@link DestinationGuard} refuses patterns and wildcards), so a message finds its
 * subscribers in one lookup, and a session leaves without touching anyone else's entries.
 */
final class ExactDestinationRegistry extends AbstractSubscriptionRegistry {

    private final Map<String, Map<String, Set<String>>> subscribersByDestination = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> destinationBySubscriptionBySession = new ConcurrentHashMap<>();

    @Override
    protected void addSubscriptionInternal(String sessionId, String subscriptionId, String destination,
            Message<?> message) {
        destinationBySubscriptionBySession.computeIfAbsent(sessionId, id -> new ConcurrentHashMap<>())
                .put(subscriptionId, destination);
        subscribersByDestination.compute(destination, (key, sessions) -> {
            Map<String, Set<String>> subscribers = sessions == null ? new ConcurrentHashMap<>() : sessions;
            subscribers.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(subscriptionId);
            return subscribers;
        });
    }

    @Override
    protected void removeSubscriptionInternal(String sessionId, String subscriptionId, Message<?> message) {
        Map<String, String> subscriptions = destinationBySubscriptionBySession.get(sessionId);
        String destination = subscriptions == null ? null : subscriptions.remove(subscriptionId);
        if (destination != null) {
            remove(destination, sessionId, subscriptionId);
        }
    }

    @Override
    public void unregisterAllSubscriptions(String sessionId) {
        Map<String, String> subscriptions = destinationBySubscriptionBySession.remove(sessionId);
        if (subscriptions != null) {
            subscriptions.forEach((subscriptionId, destination) -> remove(destination, sessionId, subscriptionId));
        }
    }

    @Override
    protected MultiValueMap<String, String> findSubscriptionsInternal(String destination, Message<?> message) {
        MultiValueMap<String, String> found = new LinkedMultiValueMap<>();
        Map<String, Set<String>> sessions = subscribersByDestination.get(destination);
        if (sessions != null) {
            sessions.forEach((sessionId, subscriptionIds) -> found.put(sessionId, new ArrayList<>(subscriptionIds)));
        }
        return found;
    }

    private void remove(String destination, String sessionId, String subscriptionId) {
        subscribersByDestination.computeIfPresent(destination, (key, sessions) -> {
            sessions.computeIfPresent(sessionId, (id, subscriptionIds) -> {
                subscriptionIds.remove(subscriptionId);
                return subscriptionIds.isEmpty() ? null : subscriptionIds;
            });
            return sessions.isEmpty() ? null : sessions;
        });
    }
}

package dev.threadline.gateway.presence;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.threadline.gateway.stomp.Destinations;
import dev.threadline.gateway.stomp.InboundStompInterceptor;
import dev.threadline.gateway.stomp.SubscriptionRevoker;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageHandler;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ExecutorChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * Keeps this gateway's part of the presence collection: an entry when a session's first subscription to a
 * thread has taken effect (so the subscriber hears the {@code presence} event it causes), removed with the
 * session's last subscription to it or when the session ends. Subscribes and unsubscribes are seen once the
 * simple broker handled them, in the session's frame order. Every refresh interval, one update extends the
 * lifetime of all of this gateway's entries (and repairs them if the store lost some), and expired entries of
 * dead gateways are swept away; every change of a thread's set is announced as a {@code presence} event (by the
 * {@link PresenceAnnouncer}, together with the thread's other changes since the last announcement), which every
 * gateway relays like any other thread event. Nothing here runs per relayed event.
 */
@Component
public class PresenceTracker implements InboundStompInterceptor, ExecutorChannelInterceptor, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PresenceTracker.class);

    private final String gatewayId = UUID.randomUUID().toString();
    private final PresenceStore store;
    private final PresenceAnnouncer announcer;
    private final SubscriptionRevoker revoker;
    private final PresenceProperties properties;
    private final Map<String, WatchingSession> sessions = new ConcurrentHashMap<>();
    /** Sessions that ended: a subscribe handled after the disconnect (frames still queued) must not revive them. */
    private final Cache<String, Boolean> ended = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(1)).build();
    private volatile @Nullable ScheduledExecutorService ticker;

    PresenceTracker(PresenceStore store, PresenceAnnouncer announcer, SubscriptionRevoker revoker,
            PresenceProperties properties) {
        this.store = store;
        this.announcer = announcer;
        this.revoker = revoker;
        this.properties = properties;
    }

    @Override
    public void afterMessageHandled(Message<?> message, MessageChannel channel, MessageHandler handler,
            @Nullable Exception ex) {
        if (ex != null || !(handler instanceof SimpleBrokerMessageHandler)) {
            return;
        }
        StompHeaderAccessor accessor = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (accessor == null || accessor.getSessionId() == null || accessor.getSubscriptionId() == null) {
            return;
        }
        if (accessor.getCommand() == StompCommand.SUBSCRIBE && accessor.getUser() != null) {
            String threadId = Destinations.threadOfTopic(accessor.getDestination());
            if (threadId != null) {
                subscribed(accessor.getSessionId(), accessor.getSubscriptionId(), threadId, accessor.getUser());
            }
        }
        else if (accessor.getCommand() == StompCommand.UNSUBSCRIBE) {
            unsubscribed(accessor.getSessionId(), accessor.getSubscriptionId());
        }
    }

    private void subscribed(String sessionId, String subscriptionId, String threadId, Principal user) {
        if (!isRunning() || ended.getIfPresent(sessionId) != null) {
            return;
        }
        String userId = user.getName();
        WatchingSession session = sessions.computeIfAbsent(sessionId, id -> new WatchingSession(user));
        Change change = session.subscribe(subscriptionId, threadId);
        try {
            if (change.left() != null) {
                store.remove(List.of(PresenceEntry.idOf(gatewayId, sessionId, change.left())));
                announcer.changed(change.left());
            }
            if (change.joined() != null) {
                store.save(new PresenceEntry(PresenceEntry.idOf(gatewayId, sessionId, threadId), threadId, userId,
                        gatewayId, sessionId, Instant.now().plus(properties.lifetime())));
                announcer.changed(threadId);
            }
        }
        catch (RuntimeException ex) {
            log.warn("Presence of session {} in thread {} not stored yet (the next refresh retries): {}", sessionId,
                    threadId, ex.getMessage());
        }
        if (ended.getIfPresent(sessionId) != null) {
            sessions.remove(sessionId, session);
            depart(sessionId, session);
        }
    }

    private void unsubscribed(String sessionId, String subscriptionId) {
        WatchingSession session = sessions.get(sessionId);
        String left = session == null ? null : session.unsubscribe(subscriptionId);
        if (left != null) {
            try {
                store.remove(List.of(PresenceEntry.idOf(gatewayId, sessionId, left)));
                announcer.changed(left);
            }
            catch (RuntimeException ex) {
                log.warn("Presence of session {} in thread {} not removed yet (the next refresh repairs it): {}",
                        sessionId, left, ex.getMessage());
            }
        }
    }

    /**
     * Ends this gateway's subscriptions to the threads of users who may no longer see them — members removed, or
     * the thread deleted — as the access check would refuse their SUBSCRIBE now.
     */
    public void revokeStrangers(Collection<String> threadIds) {
        if (threadIds.isEmpty() || sessions.isEmpty()) {
            return;
        }
        try {
            Map<String, Set<String>> participants = store.participants(threadIds);
            sessions.forEach((sessionId, session) -> session.threads().stream().filter(threadIds::contains)
                    .filter(threadId -> !participants.getOrDefault(threadId, Set.of()).contains(session.userId()))
                    .forEach(threadId -> session.subscriptionsTo(threadId).forEach(subscriptionId -> {
                        revoker.revoke(session.user(), sessionId, subscriptionId, threadId);
                        unsubscribed(sessionId, subscriptionId);
                    })));
        }
        catch (RuntimeException ex) {
            log.warn("Could not check who may still watch {} (the next refresh does): {}", threadIds, ex.getMessage());
        }
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        ended.put(event.getSessionId(), Boolean.TRUE);
        WatchingSession session = sessions.remove(event.getSessionId());
        if (session != null) {
            Thread.startVirtualThread(() -> depart(event.getSessionId(), session));
        }
    }

    /** Removes the entries of a session that ended (a second call for the same session changes nothing). */
    private void depart(String sessionId, WatchingSession session) {
        if (!isRunning()) {
            return;
        }
        Set<String> threads = session.threads();
        try {
            store.remove(threads.stream().map(threadId -> PresenceEntry.idOf(gatewayId, sessionId, threadId)).toList());
            announcer.changed(threads);
        }
        catch (RuntimeException ex) {
            log.warn("Presence of the ended session {} not removed yet (the next refresh repairs it): {}", sessionId,
                    ex.getMessage());
        }
    }

    /** Extends this gateway's entries, repairs them when the store's differ from this gateway's, sweeps expired ones. */
    void tick() {
        try {
            Instant now = Instant.now();
            Instant expiresAt = now.plus(properties.lifetime());
            List<PresenceEntry> local = localEntries(expiresAt);
            long stored = store.refresh(gatewayId, expiresAt);
            if (stored != local.size()) {
                repair(local);
            }
            announcer.changed(store.sweep(now));
            revokeStrangers(local.stream().map(PresenceEntry::threadId).collect(Collectors.toSet()));
        }
        catch (RuntimeException ex) {
            log.warn("Presence refresh failed (retried in {}): {}", properties.refreshInterval(), ex.getMessage());
        }
    }

    private void repair(List<PresenceEntry> local) {
        Set<String> touched = new LinkedHashSet<>();
        Set<String> localIds = new HashSet<>();
        local.forEach(entry -> localIds.add(entry.id()));
        store.entriesOf(gatewayId).forEach((id, threadId) -> {
            if (!localIds.contains(id)) {
                store.remove(List.of(id));
                touched.add(threadId);
            }
        });
        store.saveAll(local);
        local.forEach(entry -> touched.add(entry.threadId()));
        announcer.changed(touched);
    }

    private List<PresenceEntry> localEntries(Instant expiresAt) {
        List<PresenceEntry> entries = new ArrayList<>();
        sessions.forEach((sessionId, session) -> session.threads().forEach(threadId -> entries.add(new PresenceEntry(
                PresenceEntry.idOf(gatewayId, sessionId, threadId), threadId, session.userId(), gatewayId, sessionId,
                expiresAt))));
        return entries;
    }

    @Override
    public void start() {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("presence-refresh").daemon().factory());
        long every = properties.refreshInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        ticker = scheduler;
        log.info("Presence entries of this gateway carry gatewayId {}", gatewayId);
    }

    /** A gateway that stops cleanly takes its entries with it and says so; a crashed one's entries expire. */
    @Override
    public void stop() {
        ScheduledExecutorService scheduler = ticker;
        ticker = null;
        if (scheduler == null) {
            return;
        }
        scheduler.shutdownNow();
        Set<String> threads = new LinkedHashSet<>();
        sessions.values().forEach(session -> threads.addAll(session.threads()));
        sessions.clear();
        try {
            store.removeGateway(gatewayId);
            announcer.changed(threads);
            announcer.announce();
        }
        catch (RuntimeException ex) {
            log.warn("Presence entries of this gateway left to expire: {}", ex.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }

    /** A subscription change of one session: the thread it started watching, the thread it stopped watching (each may be null). */
    private record Change(@Nullable String joined, @Nullable String left) {
    }

    /** One session's thread subscriptions: a thread counts once however many subscriptions the session has to it. */
    private static final class WatchingSession {

        private final Principal user;
        private final Map<String, String> threadBySubscription = new HashMap<>();
        private final Map<String, Integer> subscriptionsByThread = new HashMap<>();

        WatchingSession(Principal user) {
            this.user = user;
        }

        Principal user() {
            return user;
        }

        String userId() {
            return user.getName();
        }

        synchronized List<String> subscriptionsTo(String threadId) {
            return threadBySubscription.entrySet().stream().filter(entry -> entry.getValue().equals(threadId))
                    .map(Map.Entry::getKey).toList();
        }

        synchronized Change subscribe(String subscriptionId, String threadId) {
            String previous = threadBySubscription.put(subscriptionId, threadId);
            if (threadId.equals(previous)) {
                return new Change(null, null);
            }
            boolean joined = subscriptionsByThread.merge(threadId, 1, Integer::sum) == 1;
            return new Change(joined ? threadId : null, previous == null ? null : release(previous));
        }

        synchronized @Nullable String unsubscribe(String subscriptionId) {
            String threadId = threadBySubscription.remove(subscriptionId);
            return threadId == null ? null : release(threadId);
        }

        synchronized Set<String> threads() {
            return Set.copyOf(subscriptionsByThread.keySet());
        }

        /** The thread if this was the session's last subscription to it. */
        private @Nullable String release(String threadId) {
            Integer left = subscriptionsByThread.computeIfPresent(threadId, (key, count) -> count > 1 ? count - 1 : null);
            return left == null ? threadId : null;
        }
    }
}

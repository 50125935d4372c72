package dev.threadline.gateway.stomp;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;

/**
 * The open STOMP sessions of each user: at most {@code maxPerUser} at once, and none outlives its token —
 * at the token's {@code exp} the session gets an ERROR frame and is closed.
 */
@Component
public class StompSessions {

    private final Settings settings;
    private final TaskScheduler scheduler;
    private final SessionMessenger messenger;
    private final Map<String, Set<String>> sessionsByUser = new ConcurrentHashMap<>();
    private final Map<String, Registration> bySession = new ConcurrentHashMap<>();

    StompSessions(Settings settings, @Qualifier("stompHeartbeatScheduler") TaskScheduler scheduler,
            SessionMessenger messenger, MeterRegistry registry) {
        this.settings = settings;
        this.scheduler = scheduler;
        this.messenger = messenger;
        Gauge.builder("threadline.stomp.sessions", bySession, Map::size)
                .description("Open STOMP sessions").register(registry);
    }

    /** Registers a new session; false when the user already has the most sessions allowed. */
    public boolean open(String sessionId, String userId, Instant expiresAt) {
        Set<String> sessions = sessionsByUser.computeIfAbsent(userId, id -> ConcurrentHashMap.newKeySet());
        synchronized (sessions) {
            if (sessions.size() >= settings.maxPerUser()) {
                return false;
            }
            sessions.add(sessionId);
        }
        ScheduledFuture<?> expiry = scheduler.schedule(
                () -> messenger.unauthorized(sessionId, "the token expired"), expiresAt);
        bySession.put(sessionId, new Registration(userId, expiry));
        return true;
    }

    /** Sends each open session of the user an ERROR frame starting {@code Unauthorized}, which closes it. */
    public void closeAll(String userId, String reason) {
        Set<String> sessions = sessionsByUser.get(userId);
        if (sessions == null) {
            return;
        }
        List<String> open;
        synchronized (sessions) {
            open = List.copyOf(sessions);
        }
        open.forEach(sessionId -> messenger.unauthorized(sessionId, reason));
    }

    /** Open sessions of all users. */
    int size() {
        return bySession.size();
    }

    int count(String userId) {
        Set<String> sessions = sessionsByUser.get(userId);
        return sessions == null ? 0 : sessions.size();
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        Registration registration = bySession.remove(event.getSessionId());
        if (registration == null) {
            return;
        }
        registration.expiry().cancel(false);
        Set<String> sessions = sessionsByUser.get(registration.userId());
        if (sessions != null) {
            synchronized (sessions) {
                sessions.remove(event.getSessionId());
                if (sessions.isEmpty()) {
                    sessionsByUser.remove(registration.userId(), sessions);
                }
            }
        }
    }

    private record Registration(String userId, ScheduledFuture<?> expiry) {
    }

    /** @param maxPerUser STOMP sessions one user may hold open at once */
    @ConfigurationProperties("threadline.limits.sessions")
    record Settings(@DefaultValue("20") int maxPerUser) {
    }
}

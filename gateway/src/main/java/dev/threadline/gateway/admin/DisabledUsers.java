package dev.threadline.gateway.admin;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.threadline.gateway.stomp.StompSessions;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The users an admin disabled, as this gateway knows them: read from the store every
 * {@code threadline.admin.disabled-refresh}, and changed at once when this gateway's admin endpoint
 * changes a user. Whoever becomes disabled loses their open STOMP sessions here; their tokens are refused
 * by {@link DisabledUserValidator}. While the store cannot be read, the last known set stays in force.
 */
@Component
class DisabledUsers implements SmartLifecycle {

    /** The ERROR frame's message for the sessions of a user who becomes disabled. */
    static final String SESSION_CLOSED = "Unauthorized: the user is disabled (user_disabled)";

    private static final Logger log = LoggerFactory.getLogger(DisabledUsers.class);

    private final UserProfiles profiles;
    private final StompSessions sessions;
    private final AdminProperties properties;
    private final AtomicLong localChanges = new AtomicLong();
    private volatile Set<String> disabled = Set.of();
    private volatile boolean storeFailing;
    private @Nullable ScheduledExecutorService refresher;

    DisabledUsers(UserProfiles profiles, StompSessions sessions, AdminProperties properties) {
        this.profiles = profiles;
        this.sessions = sessions;
        this.properties = properties;
    }

    boolean contains(String userId) {
        return disabled.contains(userId);
    }

    /** This gateway just changed the user in the store: in force here now, on the others at their next refresh. */
    void changed(String userId, boolean nowDisabled) {
        synchronized (this) {
            localChanges.incrementAndGet();
            Set<String> next = new HashSet<>(disabled);
            if (nowDisabled ? next.add(userId) : next.remove(userId)) {
                disabled = Set.copyOf(next);
            }
        }
        if (nowDisabled) {
            sessions.closeAll(userId, SESSION_CLOSED);
        }
    }

    void refresh() {
        long changesBefore = localChanges.get();
        Set<String> stored;
        try {
            stored = profiles.disabledIds();
        }
        catch (RuntimeException ex) {
            if (!storeFailing) {
                log.warn("Cannot read the disabled users, keeping the {} known: {}", disabled.size(), ex.getMessage());
            }
            storeFailing = true;
            return;
        }
        storeFailing = false;
        Set<String> newlyDisabled = new HashSet<>(stored);
        synchronized (this) {
            if (localChanges.get() != changesBefore) {
                return; // a change made here may be newer than this read; the next refresh sees it in the store
            }
            newlyDisabled.removeAll(disabled);
            disabled = stored;
        }
        newlyDisabled.forEach(userId -> sessions.closeAll(userId, SESSION_CLOSED));
    }

    /** The first read is done before the web server starts, so no disabled user slips in at start-up. */
    @Override
    public void start() {
        refresh();
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("disabled-users-refresh").daemon().factory());
        long period = properties.disabledRefresh().toMillis();
        executor.scheduleWithFixedDelay(this::refreshQuietly, period, period, TimeUnit.MILLISECONDS);
        refresher = executor;
    }

    private void refreshQuietly() {
        try {
            refresh();
        }
        catch (RuntimeException ex) {
            log.warn("Refreshing the disabled users failed: {}", ex.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = refresher;
        if (executor != null) {
            executor.shutdownNow();
            refresher = null;
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }

    /** Before the web server (whose phase is just below the default). */
    @Override
    public int getPhase() {
        return 0;
    }
}

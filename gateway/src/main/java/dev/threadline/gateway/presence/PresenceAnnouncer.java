package dev.threadline.gateway.presence;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.threadline.gateway.dispatch.RunDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Publishes the {@code presence} event of each thread whose watchers changed, once per announce interval however
 * many changes it had: a thousand sessions joining at once cost a few store reads, not a thousand. Threads whose
 * read failed are announced at the next interval.
 */
@Component
class PresenceAnnouncer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PresenceAnnouncer.class);
    private static final int THREADS_PER_READ = 5_000;

    private final PresenceStore store;
    private final RunDispatcher dispatcher;
    private final Set<String> changed = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("presence-announcer").daemon().factory());

    PresenceAnnouncer(PresenceStore store, RunDispatcher dispatcher, PresenceProperties properties) {
        this.store = store;
        this.dispatcher = dispatcher;
        long every = properties.announceInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::announce, every, every, TimeUnit.MILLISECONDS);
    }

    void changed(String threadId) {
        changed.add(threadId);
    }

    void changed(Collection<String> threadIds) {
        changed.addAll(threadIds);
    }

    /** Publishes who watches each changed thread now. */
    synchronized void announce() {
        List<String> threads = new ArrayList<>();
        for (Iterator<String> pending = changed.iterator(); pending.hasNext();) {
            threads.add(pending.next());
            pending.remove();
        }
        for (int from = 0; from < threads.size(); from += THREADS_PER_READ) {
            List<String> part = threads.subList(from, Math.min(threads.size(), from + THREADS_PER_READ));
            try {
                store.of(part, Instant.now()).forEach(dispatcher::publish);
            }
            catch (RuntimeException ex) {
                changed.addAll(part);
                log.warn("Presence of {} threads not announced yet (retried): {}", part.size(), ex.getMessage());
            }
        }
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}

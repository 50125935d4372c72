package dev.threadline.worker.run;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.stereotype.Component;

/**
 * Wakes the runs of this worker that wait for an earlier run of their thread, when a run of that thread
 * ends ({@code RunEnded} on the control exchange). A wake-up says only "look again": the waiter re-reads
 * the store, which stays the authority on whose turn it is.
 */
@Component
class TurnSignals {

    private final Map<String, Turnstile> threads = new ConcurrentHashMap<>();

    /** Starts watching a thread before its runs are read, so an end that arrives in between is not missed. */
    Watch watch(String threadId) {
        Turnstile turnstile = threads.compute(threadId, (id, existing) -> {
            Turnstile watched = existing != null ? existing : new Turnstile();
            watched.watchers++;
            return watched;
        });
        return new Watch(threadId, turnstile);
    }

    void wake(String threadId) {
        Turnstile turnstile = threads.get(threadId);
        if (turnstile != null) {
            turnstile.advance();
        }
    }

    /** Wakes every waiter, e.g. so a draining worker stops waiting at once. */
    void wakeAll() {
        threads.values().forEach(Turnstile::advance);
    }

    private void release(String threadId) {
        threads.computeIfPresent(threadId, (id, turnstile) -> --turnstile.watchers == 0 ? null : turnstile);
    }

    /** One waiter's view of its thread's wake-ups; close it when done waiting. */
    final class Watch implements AutoCloseable {

        private final String threadId;
        private final Turnstile turnstile;
        private long seen;

        private Watch(String threadId, Turnstile turnstile) {
            this.threadId = threadId;
            this.turnstile = turnstile;
            this.seen = turnstile.generation();
        }

        /** Returns when the thread was woken since the last return (or the watch began), or after {@code timeout}. */
        void await(Duration timeout) {
            seen = turnstile.awaitAfter(seen, timeout);
        }

        @Override
        public void close() {
            release(threadId);
        }
    }

    private static final class Turnstile {

        private final ReentrantLock lock = new ReentrantLock();
        private final Condition advanced = lock.newCondition();
        private long generation;
        /** Guarded by the map's per-key compute. */
        private int watchers;

        long generation() {
            lock.lock();
            try {
                return generation;
            }
            finally {
                lock.unlock();
            }
        }

        void advance() {
            lock.lock();
            try {
                generation++;
                advanced.signalAll();
            }
            finally {
                lock.unlock();
            }
        }

        long awaitAfter(long seen, Duration timeout) {
            long nanos = timeout.toNanos();
            lock.lock();
            try {
                while (generation == seen && nanos > 0) {
                    nanos = advanced.awaitNanos(nanos);
                }
                return generation;
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return generation;
            }
            finally {
                lock.unlock();
            }
        }
    }
}

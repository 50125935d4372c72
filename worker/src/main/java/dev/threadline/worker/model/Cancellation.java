package dev.threadline.worker.model;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cancel switch of one run. Model adapters register each stream they read (a run may read several
 * at once when specialists are consulted in parallel); {@link #cancel} closes them and interrupts their
 * reading threads, which on virtual threads aborts a socket read at once — so a run stops even while
 * the provider sends nothing.
 */
public final class Cancellation {

    private final Set<Registration> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
        streams.forEach(Registration::abort);
    }

    /** Registers the stream the calling thread is about to read; if the run was cancelled already, aborts it. */
    public Registration watch(AutoCloseable stream) {
        Registration registration = new Registration(stream, Thread.currentThread());
        streams.add(registration);
        if (cancelled) {
            registration.abort();
        }
        return registration;
    }

    /** Called by the reading thread when it is done with the stream; clears an interrupt meant for the read. */
    public void release(Registration registration) {
        synchronized (registration) {
            streams.remove(registration);
            registration.released = true;
            Thread.interrupted();
        }
    }

    /** One stream being read, and the thread reading it. */
    public static final class Registration {

        private final AutoCloseable stream;
        private final Thread reader;
        private boolean released;

        private Registration(AutoCloseable stream, Thread reader) {
            this.stream = stream;
            this.reader = reader;
        }

        private synchronized void abort() {
            if (released) {
                return;
            }
            reader.interrupt();
            Thread.startVirtualThread(() -> {
                try {
                    stream.close();
                }
                catch (Exception ignored) {
                    // the stream is being abandoned; its reader sees the failure and checks isCancelled()
                }
            });
        }
    }
}

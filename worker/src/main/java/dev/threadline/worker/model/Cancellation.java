package dev.threadline.worker.model;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The cancel switch of one run. Every step that blocks registers with it while it blocks — a model stream
 * being read, a model call waiting for the provider's answer, a tool waiting for its service — and
 * {@link #cancel} aborts them all at once: it closes what they read, cancels their HTTP calls and
 * interrupts their threads, which on virtual threads aborts a socket read at once. So a run stops even
 * while the provider or a tool's service sends nothing. A step registered after the cancel is aborted at
 * once; steps check {@link #isCancelled} before they start anything new.
 */
public final class Cancellation {

    private static final AutoCloseable NOTHING_TO_CLOSE = () -> { };

    private final Set<Registration> registrations = ConcurrentHashMap.newKeySet();
    private volatile boolean cancelled;

    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
        registrations.forEach(Registration::abort);
    }

    /** Registers the stream the calling thread is about to read; if the run was cancelled already, aborts it. */
    public Registration watch(AutoCloseable stream) {
        return register(new Registration(stream, Thread.currentThread(), null));
    }

    /** Interrupts the calling thread if the run is cancelled while it is registered: for a blocking call that honours interrupts. */
    public Registration interruptOnCancel() {
        return watch(NOTHING_TO_CLOSE);
    }

    /** Runs {@code abort} (at once if the run was cancelled already) if the run is cancelled while it is registered. */
    public Registration onCancel(Runnable abort) {
        return register(new Registration(NOTHING_TO_CLOSE, null, abort));
    }

    /** Called when the step is done; for a thread that was watched, clears an interrupt meant for it. */
    public void release(Registration registration) {
        registration.close();
    }

    private Registration register(Registration registration) {
        registrations.add(registration);
        if (cancelled) {
            registration.abort();
        }
        return registration;
    }

    /** One blocking step: what to close, which thread to interrupt, or what to run when the run is cancelled. */
    public final class Registration implements AutoCloseable {

        private final AutoCloseable stream;
        private final @Nullable Thread reader;
        private final @Nullable Runnable action;
        private boolean released;
        private boolean aborted;

        private Registration(AutoCloseable stream, @Nullable Thread reader, @Nullable Runnable action) {
            this.stream = stream;
            this.reader = reader;
            this.action = action;
        }

        @Override
        public synchronized void close() {
            registrations.remove(this);
            released = true;
            if (reader == Thread.currentThread()) {
                Thread.interrupted();
            }
        }

        private synchronized void abort() {
            if (released || aborted) {
                return;
            }
            aborted = true;
            if (action != null) {
                action.run();
            }
            if (reader != null) {
                reader.interrupt();
            }
            if (stream != NOTHING_TO_CLOSE) {
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
}

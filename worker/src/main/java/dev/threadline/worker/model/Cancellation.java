package dev.threadline.worker.model;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The cancel switch of one run. A model adapter registers the stream it reads so that {@link #cancel}
 * closes it at once, even while the adapter waits for the next token.
 */
public final class Cancellation {

    private static final AutoCloseable NOTHING = () -> { };

    private final AtomicReference<AutoCloseable> stream = new AtomicReference<>(NOTHING);
    private volatile boolean cancelled;

    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        cancelled = true;
        closeQuietly(stream.get());
    }

    /** Registers the stream being read; if the run was cancelled already, closes it right away. */
    public void watch(AutoCloseable current) {
        stream.set(current);
        if (cancelled) {
            closeQuietly(current);
        }
    }

    public void release() {
        stream.set(NOTHING);
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        }
        catch (Exception ignored) {
            // the stream is being abandoned; its reader sees the failure and checks isCancelled()
        }
    }
}

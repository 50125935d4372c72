package dev.threadline.worker.model;

import org.jspecify.annotations.Nullable;

/**
 * The cancel switch of one run. A model adapter registers the stream it reads; {@link #cancel} then
 * closes that stream and interrupts the reading thread, which on a virtual thread aborts a socket read
 * at once — so a run stops even while the provider sends nothing.
 */
public final class Cancellation {

    private volatile boolean cancelled;
    private @Nullable AutoCloseable stream;
    private @Nullable Thread reader;

    public boolean isCancelled() {
        return cancelled;
    }

    public void cancel() {
        AutoCloseable current;
        synchronized (this) {
            cancelled = true;
            current = stream;
            if (reader != null) {
                reader.interrupt();
            }
        }
        if (current != null) {
            Thread.startVirtualThread(() -> closeQuietly(current));
        }
    }

    /** Registers the stream the calling thread is about to read; if the run was cancelled already, closes it. */
    public void watch(AutoCloseable current) {
        synchronized (this) {
            stream = current;
            reader = Thread.currentThread();
        }
        if (cancelled) {
            cancel();
        }
    }

    /** Called by the reading thread when it is done with the stream; clears an interrupt meant for the read. */
    public void release() {
        synchronized (this) {
            stream = null;
            reader = null;
            Thread.interrupted();
        }
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

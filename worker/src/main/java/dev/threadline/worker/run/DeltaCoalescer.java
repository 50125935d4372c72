package dev.threadline.worker.run;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Merges a model's token deltas into fewer, larger {@code message.delta} events without reordering
 * text: the first delta is sent at once (time to first token is what users feel), later ones at most
 * every interval — asked for each time, so it can follow the worker's load — or as soon as
 * {@code maxChars} are pending.
 */
final class DeltaCoalescer {

    private final Consumer<String> sink;
    private final ScheduledExecutorService timer;
    private final LongSupplier intervalNanos;
    private final int maxChars;
    private final StringBuilder pending = new StringBuilder();
    private boolean first = true;
    private @Nullable ScheduledFuture<?> scheduled;

    DeltaCoalescer(Consumer<String> sink, ScheduledExecutorService timer, Duration interval, int maxChars) {
        this(sink, timer, interval::toNanos, maxChars);
    }

    DeltaCoalescer(Consumer<String> sink, ScheduledExecutorService timer, LongSupplier intervalNanos, int maxChars) {
        this.sink = sink;
        this.timer = timer;
        this.intervalNanos = intervalNanos;
        this.maxChars = maxChars;
    }

    synchronized void add(String delta) {
        if (delta.isEmpty()) {
            return;
        }
        pending.append(delta);
        long interval = first || pending.length() >= maxChars ? 0 : intervalNanos.getAsLong();
        if (interval == 0) {
            first = false;
            flush();
        }
        else if (scheduled == null) {
            scheduled = timer.schedule(this::flush, interval, TimeUnit.NANOSECONDS);
        }
    }

    /** Sends whatever is pending now. */
    synchronized void flush() {
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        if (pending.isEmpty()) {
            return;
        }
        String text = pending.toString();
        pending.setLength(0);
        sink.accept(text);
    }
}

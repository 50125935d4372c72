package dev.threadline.worker.model;

import java.io.IOException;
import java.util.function.Supplier;

import okhttp3.Interceptor;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * Lets a run's {@link Cancellation} cancel the HTTP calls openai-java makes for it, including while the
 * provider has not answered yet (no response to close then). openai-java calls OkHttp on the calling
 * thread, so the run's cancellation is handed to this interceptor through the thread that {@link #open}s
 * the call. A cancelled OkHttp call is never sent, or retried, again.
 */
final class CancellableCalls implements Interceptor {

    private static final ThreadLocal<@Nullable Cancellation> RUN = new ThreadLocal<>();

    /** Makes the calls {@code open} starts on this thread cancellable by {@code cancellation}. */
    static <T> T open(Cancellation cancellation, Supplier<T> open) {
        RUN.set(cancellation);
        try {
            return open.get();
        }
        finally {
            RUN.remove();
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Cancellation cancellation = RUN.get();
        if (cancellation == null) {
            return chain.proceed(chain.request());
        }
        try (Cancellation.Registration calling = cancellation.onCancel(chain.call()::cancel)) {
            return chain.proceed(chain.request());
        }
    }
}

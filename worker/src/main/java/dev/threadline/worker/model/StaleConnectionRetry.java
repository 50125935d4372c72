package dev.threadline.worker.model;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

import okhttp3.Connection;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request again, on another connection and without spending one of openai-java's retries, when
 * it failed on a pooled keep-alive connection the provider had closed meanwhile: the provider's idle
 * close crossed the request on the wire, or a connection was dropped without the client noticing. OkHttp
 * does this itself ({@code retryOnConnectionFailure}), but openai-java turns that off to count every retry
 * itself, so after a burst of answers and a pause each retry took another dead pooled connection and the
 * call failed with {@code model_unavailable}. A failure on a connection's first request (the provider is
 * down, refuses, resets) is real and left to openai-java's retries; so are timeouts, cancelled calls and
 * HTTP/2 (see {@link #onConnection}).
 */
final class StaleConnectionRetry {

    private static final Logger log = LoggerFactory.getLogger(StaleConnectionRetry.class);

    private final Set<Connection> used = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final int maxAttempts;

    /** {@code maxAttempts} bounds the attempts of one call: each stale failure uses up one pooled connection. */
    StaleConnectionRetry(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    /** The application interceptor: sends the request again after a failure {@link #onConnection} found stale. */
    Interceptor retrying() {
        return chain -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    return chain.proceed(chain.request());
                }
                catch (StaleConnectionException ex) {
                    boolean oneShot = chain.request().body() != null && chain.request().body().isOneShot();
                    if (attempt >= maxAttempts || oneShot || chain.call().isCanceled()) {
                        throw ex.failure();
                    }
                    log.debug("Sending {} again on another connection: the pooled one was closed by the provider ({})",
                            chain.request().url().encodedPath(), ex.failure().toString());
                }
            }
        };
    }

    /**
     * The network interceptor: marks a failure on an HTTP/1 connection that had carried a request before as
     * stale. HTTP/2 says when it closes a connection (GOAWAY, which OkHttp heeds), and a reset stream on a
     * live one is the provider's answer to that request, not a dead connection.
     */
    Interceptor onConnection() {
        return chain -> {
            Connection connection = chain.connection();
            boolean reused = connection != null && isHttp1(connection) && !used.add(connection);
            try {
                return chain.proceed(chain.request());
            }
            catch (IOException ex) {
                if (reused && closedByPeer(ex) && !chain.call().isCanceled() && !Thread.currentThread().isInterrupted()) {
                    throw new StaleConnectionException(ex);
                }
                throw ex;
            }
        };
    }

    private static boolean isHttp1(Connection connection) {
        return connection.protocol() == Protocol.HTTP_1_1 || connection.protocol() == Protocol.HTTP_1_0;
    }

    /** Not a timeout (a live connection to a slow provider) and not a garbled answer. */
    private static boolean closedByPeer(IOException ex) {
        return !(ex instanceof InterruptedIOException) && !(ex instanceof ProtocolException);
    }

    /** A request that failed on a reused connection the provider had closed. */
    private static final class StaleConnectionException extends IOException {

        StaleConnectionException(IOException failure) {
            super(failure.getMessage(), failure);
        }

        IOException failure() {
            return (IOException) getCause();
        }
    }
}

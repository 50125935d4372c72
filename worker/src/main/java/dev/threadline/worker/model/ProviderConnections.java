package dev.threadline.worker.model;

import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.Timeout;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The HTTP client under openai-java, handed to it with {@code okHttpClient(...)}: keep-alive connections
 * to the provider are closed after {@code keepAlive} idle, before the provider's own idle timeout (Node's,
 * uvicorn's and so vLLM's is 5 s) can close one as it is reused; a request that still meets a connection
 * the provider closed is sent again on another ({@link StaleConnectionRetry}); and every call can be
 * cancelled by its run ({@link CancellableCalls}). openai-java keeps its own retries, timeouts and headers.
 */
final class ProviderConnections implements AutoCloseable {

    private final OkHttpClient http;

    ProviderConnections(ModelProperties properties) {
        StaleConnectionRetry staleConnections = new StaleConnectionRetry(properties.maxIdleConnections() + 1);
        this.http = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(properties.maxIdleConnections(), properties.keepAlive().toMillis(),
                        TimeUnit.MILLISECONDS))
                .addInterceptor(new CancellableCalls())
                .addInterceptor(staleConnections.retrying())
                .addNetworkInterceptor(staleConnections.onConnection())
                .build();
    }

    OpenAIClient openAiClient(ModelProperties properties) {
        return OpenAIOkHttpClient.builder()
                .okHttpClient(http)
                .apiKey(properties.apiKey())
                .baseUrl(properties.baseUrl())
                .maxRetries(properties.maxRetries())
                .timeout(Timeout.builder().connect(properties.connectTimeout()).read(properties.idleTimeout())
                        .request(properties.requestTimeout()).build())
                .build();
    }

    /** Connections idle in the pool now. */
    int idleConnections() {
        return http.connectionPool().idleConnectionCount();
    }

    @Override
    public void close() {
        http.connectionPool().evictAll();
    }
}

package dev.threadline.worker.model;

import java.time.Duration;

/** Model settings for tests that talk to a fake provider through the worker's own client. */
final class TestProviders {

    private TestProviders() {
    }

    static ModelProperties properties(String baseUrl, int maxRetries, Duration idleTimeout, Duration keepAlive) {
        return new ModelProperties("test-key", null, baseUrl, "responses", "gpt-4.1-mini", maxRetries,
                Duration.ofSeconds(10), idleTimeout, Duration.ofSeconds(30), keepAlive, 5, Duration.ZERO);
    }
}

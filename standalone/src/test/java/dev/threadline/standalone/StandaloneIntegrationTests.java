package dev.threadline.standalone;

import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same end-to-end scenarios against the local mode: gateway and worker in one JVM with the embedded
 * AMQP broker (Qpid Broker-J) and the embedded MongoDB-wire store, no RabbitMQ or MongoDB involved.
 */
class StandaloneIntegrationTests extends EndToEndScenarios {

    private static FakeOpenAiServer model;
    private static StandaloneApplication app;

    @BeforeAll
    static void start() {
        model = new FakeOpenAiServer();
        app = StandaloneApplication.start(
                new StandaloneApplication.LocalModeSettings(null, null, TestTokens.SECRET, false, null),
                "--server.port=0", "--spring.main.banner-mode=off", "--threadline.model.api-key=test-key",
                "--threadline.model.base-url=" + model.baseUrl(), "--threadline.model.max-retries=1");
    }

    @AfterAll
    static void stop() {
        app.close();
        model.close();
    }

    @Override
    protected String httpUrl() {
        return "http://127.0.0.1:" + app.port();
    }

    @Override
    protected String wsUrl() {
        return "ws://127.0.0.1:" + app.port() + "/ws";
    }

    @Override
    protected FakeOpenAiServer model() {
        return model;
    }
}

package dev.threadline.standalone;

import dev.threadline.testing.FakeOpenAiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Gateway and worker as separate contexts over RabbitMQ, the worker on the Responses API. */
class DistributedResponsesIntegrationTests extends EndToEndScenarios {

    private static DistributedHarness harness;

    @BeforeAll
    static void start() {
        harness = new DistributedHarness("responses");
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Override
    protected String httpUrl() {
        return harness.httpUrl();
    }

    @Override
    protected String wsUrl() {
        return harness.wsUrl();
    }

    @Override
    protected FakeOpenAiServer model() {
        return harness.model;
    }
}

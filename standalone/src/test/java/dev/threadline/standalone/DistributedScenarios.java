package dev.threadline.standalone;

import dev.threadline.testing.FakeOpenAiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The end-to-end scenarios with gateway and worker as separate contexts over RabbitMQ; subclasses pick the model API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DistributedScenarios extends EndToEndScenarios {

    private DistributedHarness harness;

    protected abstract String api();

    @BeforeAll
    void start() {
        harness = new DistributedHarness(api());
    }

    @AfterAll
    void stop() {
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

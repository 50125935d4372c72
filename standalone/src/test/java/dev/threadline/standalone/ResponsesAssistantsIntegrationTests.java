package dev.threadline.standalone;

import org.junit.jupiter.api.BeforeAll;

class ResponsesAssistantsIntegrationTests extends AssistantsScenarios {

    @BeforeAll
    static void startHarness() {
        start("responses");
    }
}

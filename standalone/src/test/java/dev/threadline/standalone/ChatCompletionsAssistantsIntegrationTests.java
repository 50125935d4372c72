package dev.threadline.standalone;

import org.junit.jupiter.api.BeforeAll;

class ChatCompletionsAssistantsIntegrationTests extends AssistantsScenarios {

    @BeforeAll
    static void startHarness() {
        start("chat-completions");
    }
}

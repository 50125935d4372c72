package dev.threadline.standalone;

/** Gateway and worker as separate contexts over RabbitMQ, the worker on Chat Completions. */
class DistributedChatCompletionsIntegrationTests extends DistributedScenarios {

    @Override
    protected String api() {
        return "chat-completions";
    }
}

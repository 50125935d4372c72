package dev.threadline.standalone;

/** Gateway and worker as separate contexts over RabbitMQ, the worker on the Responses API. */
class DistributedResponsesIntegrationTests extends DistributedScenarios {

    @Override
    protected String api() {
        return "responses";
    }
}

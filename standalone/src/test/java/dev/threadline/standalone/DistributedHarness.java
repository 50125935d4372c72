package dev.threadline.standalone;

import java.util.ArrayList;
import java.util.List;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.model.Topology;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import dev.threadline.worker.WorkerApplication;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The distributed deployment in one test JVM: a gateway context and a worker context, each with its
 * own connections, against the real RabbitMQ, a MongoDB (wire server or real) and the fake OpenAI server.
 */
final class DistributedHarness implements AutoCloseable {

    final FakeOpenAiServer model = new FakeOpenAiServer();
    final String rabbitUri = TestServices.rabbitUri();
    final String mongoUri = TestServices.mongoUri();
    final ConfigurableApplicationContext gateway;
    final ConfigurableApplicationContext worker;

    DistributedHarness(String api) {
        this(api, List.of());
    }

    DistributedHarness(String api, List<String> extraWorkerArgs) {
        this(api, "test-key", extraWorkerArgs);
    }

    DistributedHarness(String api, String apiKey, List<String> extraWorkerArgs) {
        purgeLeftoverRuns(rabbitUri);
        List<String> common = List.of("--spring.rabbitmq.addresses=" + rabbitUri, "--spring.mongodb.uri=" + mongoUri,
                "--spring.main.banner-mode=off");
        List<String> gatewayArgs = new ArrayList<>(common);
        gatewayArgs.addAll(List.of("--server.port=0", "--threadline.auth.jwt-secret=" + TestTokens.SECRET));
        gateway = GatewayApplication.builder().run(gatewayArgs.toArray(String[]::new));
        List<String> workerArgs = new ArrayList<>(common);
        workerArgs.addAll(List.of("--threadline.model.api-key=" + apiKey, "--threadline.model.base-url=" + model.baseUrl(),
                "--threadline.model.api=" + api, "--threadline.model.max-retries=1"));
        workerArgs.addAll(extraWorkerArgs);
        worker = WorkerApplication.builder().run(workerArgs.toArray(String[]::new));
    }

    int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    String httpUrl() {
        return "http://127.0.0.1:" + port();
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + port() + "/ws";
    }

    /** Requests left in the shared queue by an earlier, interrupted test run would name unknown runs. */
    static void purgeLeftoverRuns(String rabbitUri) {
        CachingConnectionFactory connections = new CachingConnectionFactory(java.net.URI.create(rabbitUri));
        try {
            new RabbitAdmin(connections).purgeQueue(Topology.RUNS_QUEUE, false);
        }
        catch (RuntimeException noQueueYet) {
            // first run on this broker
        }
        finally {
            connections.destroy();
        }
    }

    @Override
    public void close() {
        worker.close();
        gateway.close();
        model.close();
    }
}

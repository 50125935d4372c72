package dev.threadline.standalone;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TcpProxy;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import dev.threadline.worker.WorkerApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's broker connection goes down and comes back (through a proxy that cuts it): sends are
 * refused with 503 and readiness is DOWN while it is down, accepted again afterwards without a restart, and a client that
 * stayed subscribed receives the next answer because the gateway re-bound its thread.
 */
class BrokerOutageIntegrationTests {

    private static final FakeOpenAiServer model = new FakeOpenAiServer();
    private static TcpProxy proxy;
    private static ConfigurableApplicationContext gateway;
    private static ConfigurableApplicationContext worker;

    @BeforeAll
    static void start() {
        String rabbitUri = TestServices.rabbitUri();
        DistributedHarness.purgeLeftoverRuns(rabbitUri);
        URI broker = URI.create(rabbitUri);
        proxy = new TcpProxy(broker.getHost(), broker.getPort());
        String proxied = rabbitUri.replace(":" + broker.getPort(), ":" + proxy.port());
        String mongoUri = TestServices.mongoUri();
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + proxied, "--spring.mongodb.uri=" + mongoUri,
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.dispatch.confirm-timeout=2s");
        worker = WorkerApplication.builder().run("--spring.main.banner-mode=off", "--spring.rabbitmq.addresses=" + rabbitUri,
                "--spring.mongodb.uri=" + mongoUri, "--threadline.model.api-key=test-key",
                "--threadline.model.base-url=" + model.baseUrl());
        model.respondWith(request -> FakeReply.text("Back ", "online."));
    }

    @AfterAll
    static void stop() {
        worker.close();
        gateway.close();
        proxy.close();
        model.close();
    }

    @Test
    void sendsAreRefusedDuringAnOutageAndTheGatewayRecoversByItself() {
        String token = TestTokens.token("outage-user");
        int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, token);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        try (StompTestClient client = StompTestClient.connect("ws://127.0.0.1:" + port + "/ws", token)) {
            List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
            api.post("/api/threads/" + threadId + "/messages", Map.of("content", "before"));
            await().atMost(Duration.ofSeconds(15)).until(() -> count(events, "run.completed") == 1);

            proxy.cut();
            ApiClient.Response refused = api.post("/api/threads/" + threadId + "/messages", Map.of("content", "during"));
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("code").asString()).isEqualTo("unavailable");
            ApiClient probe = new ApiClient("http://127.0.0.1:" + port, null);
            await().atMost(Duration.ofSeconds(15)).until(() -> probe.get("/actuator/health/readiness").status() == 503);
            assertThat(probe.get("/actuator/health/liveness").status()).isEqualTo(200);

            proxy.restore();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                    api.post("/api/threads/" + threadId + "/messages", Map.of("content", "after",
                            "clientMessageId", "after-1")).status() == 202);
            await().atMost(Duration.ofSeconds(15)).until(() -> count(events, "run.completed") == 2);
            assertThat(client.isConnected()).isTrue();
            assertThat(probe.get("/actuator/health/readiness").status()).isEqualTo(200);
            JsonNode messages = api.get("/api/threads/" + threadId + "/messages").json().path("items");
            assertThat(messages.findValuesAsString("content")).doesNotContain("during").contains("before", "after");
            assertThat(messages).hasSize(4);
        }
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(e -> type.equals(e.path("type").asString())).count();
    }
}

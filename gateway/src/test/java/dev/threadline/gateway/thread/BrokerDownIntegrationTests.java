package dev.threadline.gateway.thread;

import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A gateway whose broker is unreachable refuses sends clearly and keeps nothing it did not accept. */
class BrokerDownIntegrationTests {

    private static ConfigurableApplicationContext gateway;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=amqp://guest:guest@127.0.0.1:" + deadPort,
                "--spring.mongodb.uri=" + TestServices.mongoUri(), "--threadline.auth.jwt-secret=" + TestTokens.SECRET);
        port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aRestSendAnswers503AndStoresNothing() {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port, TestTokens.token("alice"));
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();

        ApiClient.Response refused = api.post("/api/threads/" + threadId + "/messages", Map.of("content", "hello"));

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().path("code").asString()).isEqualTo("unavailable");
        assertThat(api.get("/api/threads/" + threadId + "/messages").json().path("items")).isEmpty();
        assertThat(api.get("/api/threads/" + threadId).json().path("activeRunId").isMissingNode()
                || api.get("/api/threads/" + threadId).json().path("activeRunId").isNull()).isTrue();
    }

    @Test
    void aStompSendGetsAnUnavailableErrorEventAndNoReceipt() {
        String token = TestTokens.token("bob");
        String threadId = new ApiClient("http://127.0.0.1:" + port, token).post("/api/threads", Map.of()).json()
                .path("id").asString();
        try (StompTestClient client = StompTestClient.connect("ws://127.0.0.1:" + port + "/ws", token)) {
            List<JsonNode> errors = client.subscribe("/user/queue/errors");
            client.send("/app/threads/" + threadId + "/messages", Map.of("content", "hi", "clientMessageId", "c-1"));

            await().until(() -> !errors.isEmpty());
            assertThat(errors.get(0).path("code").asString()).isEqualTo("unavailable");
            assertThat(errors.get(0).path("clientMessageId").asString()).isEqualTo("c-1");
            assertThat(client.isConnected()).isTrue();
        }
    }
}

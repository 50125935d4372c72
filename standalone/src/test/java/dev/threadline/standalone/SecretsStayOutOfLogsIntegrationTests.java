package dev.threadline.standalone;

import java.util.List;
import java.util.Map;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.Isolated;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A whole session — register, a failed and a good login, REST and STOMP with the token, an answer from
 * the model — logged at DEBUG for Threadline, Spring Security, WebSocket/STOMP messaging and AMQP: the
 * provider key, the token secret, passwords and tokens appear nowhere in the output.
 */
@ExtendWith(OutputCaptureExtension.class)
@Isolated("a context starting meanwhile would reset the log levels and hold back log lines while it starts")
class SecretsStayOutOfLogsIntegrationTests {

    private static final String API_KEY = "sk-threadline-never-log-this-4f2a9c";
    private static DistributedHarness harness;

    @BeforeAll
    static void start() {
        harness = new DistributedHarness("responses", API_KEY, List.of("--logging.level.dev.threadline=DEBUG",
                "--logging.level.org.springframework.security=DEBUG", "--logging.level.org.springframework.web.socket=DEBUG",
                "--logging.level.org.springframework.messaging=DEBUG", "--logging.level.org.springframework.amqp=DEBUG",
                "--logging.level.com.openai=DEBUG"));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void noSecretIsEverLogged(CapturedOutput output) {
        String password = "correct horse battery staple 42";
        String wrongPassword = "wrong horse battery staple 43";
        ApiClient anonymous = new ApiClient(harness.httpUrl(), null);
        anonymous.post("/api/auth/register", Map.of("username", "logwatcher", "password", password));
        anonymous.post("/api/auth/token", Map.of("username", "logwatcher", "password", wrongPassword));
        String token = anonymous.post("/api/auth/token", Map.of("username", "logwatcher", "password", password)).json()
                .path("access_token").asString();
        harness.model.respondWith(request -> FakeReply.text("A trench coat."));
        ApiClient api = new ApiClient(harness.httpUrl(), token);
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        try (StompTestClient client = StompTestClient.connect(harness.wsUrl(), token)) {
            List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
            client.sendWithReceipt("/app/threads/" + threadId + "/messages", Map.of("content", "Rain in Paris?")).join();
            await().until(() -> events.stream().anyMatch(event -> "run.completed".equals(event.path("type").asString())));
        }
        new ApiClient(harness.httpUrl(), token + "tampered").get("/api/threads");

        assertThat(token).isNotBlank();
        assertThat(output.getAll()).contains("DEBUG", "JwtAuthenticationProvider", threadId)
                .doesNotContain(API_KEY, TestTokens.SECRET, password, wrongPassword, token, token.split("\\.")[2]);
    }
}

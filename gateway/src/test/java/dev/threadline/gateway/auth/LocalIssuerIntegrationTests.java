package dev.threadline.gateway.auth;

import java.util.Map;
import java.util.UUID;

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

/** The local issuer: register, log in, use the token on REST and STOMP; taken names, bad passwords, guessing. */
class LocalIssuerIntegrationTests {

    private static ConfigurableApplicationContext gateway;
    private static ApiClient anonymous;
    private static String baseUrl;

    @BeforeAll
    static void start() {
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.auth.expires-in-hours=2",
                "--threadline.limits.rest.anonymous-burst=1000");
        baseUrl = "http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort();
        anonymous = new ApiClient(baseUrl, null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aRegisteredUserGetsATokenThatWorksOnRestAndStomp() {
        String name = "ada_" + UUID.randomUUID().toString().substring(0, 6);
        ApiClient.Response registered = anonymous.post("/api/auth/register", Map.of("username", name,
                "password", "correct horse battery"));
        JsonNode token = anonymous.post("/api/auth/token", Map.of("username", name, "password", "correct horse battery"))
                .json();

        assertThat(registered.status()).isEqualTo(201);
        assertThat(registered.json().path("username").asString()).isEqualTo(name);
        assertThat(token.path("token_type").asString()).isEqualTo("Bearer");
        assertThat(token.path("expires_in").asLong()).isEqualTo(7200);
        ApiClient api = new ApiClient(baseUrl, token.path("access_token").asString());
        assertThat(api.post("/api/threads", Map.of()).status()).isEqualTo(201);
        try (StompTestClient client = StompTestClient.connect(baseUrl.replace("http", "ws") + "/ws",
                token.path("access_token").asString())) {
            assertThat(client.isConnected()).isTrue();
        }
        assertThat(anonymous.post("/api/auth/register", Map.of("username", name.toUpperCase(), "password",
                "another password")).status()).isEqualTo(409);
    }

    @Test
    void badRegistrationsAndWrongPasswordsAreRefused() {
        assertThat(anonymous.post("/api/auth/register", Map.of("username", "x", "password", "long enough"))
                .json().path("code").asString()).isEqualTo("validation_failed");
        assertThat(anonymous.post("/api/auth/register", Map.of("username", "{\"$gt\":\"\"}", "password", "long enough"))
                .status()).isEqualTo(400);
        assertThat(anonymous.post("/api/auth/register", Map.of("username", "shorty", "password", "short")).status())
                .isEqualTo(400);
        ApiClient.Response wrong = anonymous.post("/api/auth/token", Map.of("username", "nobody", "password", "x"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
    }

    @Test
    void repeatedFailedLoginsForOneUsernameAreRateLimitedWithRetryAfter() {
        String name = "target_" + UUID.randomUUID().toString().substring(0, 6);
        anonymous.post("/api/auth/register", Map.of("username", name, "password", "the real password"));
        for (int i = 0; i < LoginThrottle.MAX_PER_USERNAME; i++) {
            assertThat(anonymous.post("/api/auth/token", Map.of("username", name, "password", "guess " + i)).status())
                    .isEqualTo(401);
        }

        ApiClient.Response limited = anonymous.post("/api/auth/token", Map.of("username", name,
                "password", "the real password"));

        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.json().path("code").asString()).isEqualTo("rate_limited");
    }
}

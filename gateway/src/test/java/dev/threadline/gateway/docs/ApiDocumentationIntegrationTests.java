package dev.threadline.gateway.docs;

import java.util.List;
import java.util.Map;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document describes every REST call of PROTOCOL.md §2, with bearer authentication, and its UI is served. */
class ApiDocumentationIntegrationTests {

    private static final Map<String, List<String>> PROTOCOL_CALLS = Map.ofEntries(
            Map.entry("/api/auth/register", List.of("post")),
            Map.entry("/api/auth/token", List.of("post")),
            Map.entry("/api/threads", List.of("get", "post")),
            Map.entry("/api/threads/{id}", List.of("get", "delete")),
            Map.entry("/api/threads/{id}/messages", List.of("get", "post")),
            Map.entry("/api/threads/{id}/runs/{runId}/cancel", List.of("post")),
            Map.entry("/api/threads/{id}/messages/{messageId}/feedback", List.of("post")),
            Map.entry("/api/assistants", List.of("get", "post")),
            Map.entry("/api/assistants/{id}", List.of("delete")),
            Map.entry("/api/models", List.of("get")),
            Map.entry("/api/threads/{id}/members", List.of("post")),
            Map.entry("/api/threads/{id}/members/{userId}", List.of("delete")),
            Map.entry("/api/threads/{id}/presence", List.of("get")),
            Map.entry("/api/usage", List.of("get")),
            Map.entry("/api/export", List.of("get")),
            Map.entry("/api/admin/users", List.of("get")),
            Map.entry("/api/admin/users/{id}", List.of("patch")),
            Map.entry("/api/admin/usage", List.of("get")));

    private static ConfigurableApplicationContext gateway;
    private static ApiClient anonymous;

    @BeforeAll
    static void start() {
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET);
        anonymous = new ApiClient("http://127.0.0.1:" + ((WebServerApplicationContext) gateway).getWebServer().getPort(),
                null);
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void theOpenApiDocumentDescribesEveryRestCallOfTheProtocol() {
        ApiClient.Response response = anonymous.get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        JsonNode document = response.json();
        assertThat(document.path("openapi").asString()).startsWith("3.");
        Map<String, JsonNode> paths = new java.util.HashMap<>();
        document.path("paths").properties().forEach(entry -> paths.put(anyVariable(entry.getKey()), entry.getValue()));
        PROTOCOL_CALLS.forEach((path, methods) -> methods.forEach(method -> {
            JsonNode operations = paths.get(anyVariable(path));
            assertThat(operations != null && operations.has(method)).as(method.toUpperCase() + " " + path).isTrue();
        }));
        assertThat(paths.keySet()).allMatch(path -> path.startsWith("/api/"));
        assertThat(document.path("components").path("securitySchemes").path(OpenApiConfiguration.BEARER)
                .path("scheme").asString()).isEqualTo("bearer");
    }

    /** The protocol names path variables {@code {id}}, the code {@code {threadId}}: only their places matter. */
    private static String anyVariable(String path) {
        return path.replaceAll("\\{[^}]+}", "{}");
    }

    @Test
    void theSwaggerUiIsServed() {
        ApiClient.Response page = anonymous.get("/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }
}

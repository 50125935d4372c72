package dev.threadline.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the gateway's REST API, with the bearer token of one user. */
public final class ApiClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final @Nullable String token;
    private final Map<String, String> headers;

    public ApiClient(String baseUrl, @Nullable String token) {
        this(baseUrl, token, Map.of());
    }

    private ApiClient(String baseUrl, @Nullable String token, Map<String, String> headers) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.headers = headers;
    }

    /** This client with one more header on every request (such as {@code traceparent}). */
    public ApiClient withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiClient(baseUrl, token, more);
    }

    public Response get(String path) {
        return send(builder(path).GET());
    }

    public Response post(String path, @Nullable Object body) {
        String json = body == null ? "" : body instanceof String raw ? raw : JSON.writeValueAsString(body);
        return send(builder(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, Object body) {
        return send("PUT", path, "application/json", JSON.writeValueAsBytes(body));
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, "application/json", JSON.writeValueAsBytes(body));
    }

    public Response delete(String path) {
        return send(builder(path).DELETE());
    }

    /** Any request, the body sent byte for byte with the given content type (none when null). */
    public Response send(String method, String path, @Nullable String contentType, byte[] body) {
        HttpRequest.Builder request = builder(path).method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request);
    }

    private HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(15));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        headers.forEach(builder::header);
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body(), response.headers().firstValue("Content-Type")
                    .orElse(""), response.headers().firstValue("WWW-Authenticate").orElse(null), response.headers());
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Status, raw body, content type, the {@code WWW-Authenticate} header if any, and all headers. */
    public record Response(int status, String body, String contentType, @Nullable String wwwAuthenticate,
            java.net.http.HttpHeaders headers) {

        public @Nullable String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }
    }
}

package dev.threadline.gateway.auth;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a browser sees: REST may be called cross-origin only from the configured origins, the WebSocket
 * handshake only from the allowed ones, and the demo page carries headers that keep it from being framed,
 * sniffed or made to run foreign scripts.
 */
class BrowserSecurityIntegrationTests {

    private static final String APP = "https://app.example";
    private static final String EVIL = "https://evil.example";

    private static ConfigurableApplicationContext gateway;
    private static int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET, "--threadline.cors.allowed-origins=" + APP,
                "--threadline.stomp.allowed-origins=" + APP);
        port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void onlyTheConfiguredOriginMayCallTheApiCrossOrigin() throws Exception {
        HttpResponse<String> allowed = preflight(APP);
        HttpResponse<String> refused = preflight(EVIL);
        HttpResponse<String> evilRequest = http.send(HttpRequest.newBuilder(uri("/api/threads")).header("Origin", EVIL)
                .header("Authorization", "Bearer " + TestTokens.token("alice")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains(APP);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(evilRequest.statusCode()).isEqualTo(403);
        assertThat(evilRequest.body()).doesNotContain("items");
    }

    @Test
    void theWebSocketHandshakeIsRefusedFromOtherOrigins() throws IOException {
        assertThat(handshakeStatus(APP)).isEqualTo("101");
        assertThat(handshakeStatus(EVIL)).isEqualTo("403");
    }

    @Test
    void theDemoPageCarriesSecurityHeaders() throws Exception {
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(uri("/")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).contains("no-referrer");
    }

    private HttpResponse<String> preflight(String origin) throws Exception {
        return http.send(HttpRequest.newBuilder(uri("/api/threads")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String handshakeStatus(String origin) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Protocol: v12.stomp\r\nOrigin: " + origin + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            return statusLine.substring("HTTP/1.1 ".length());
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}

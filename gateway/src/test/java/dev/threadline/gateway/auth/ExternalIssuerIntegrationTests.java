package dev.threadline.gateway.auth;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.sun.net.httpserver.HttpServer;
import dev.threadline.gateway.GatewayApplication;
import dev.threadline.testing.ApiClient;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TestServices;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * External issuer mode: a local OIDC discovery + JWKS server with an RS256 key, as Keycloak or Auth0
 * would serve it. Its tokens for our audience are accepted on REST and STOMP; other keys, issuers and
 * audiences, and expired tokens, are not.
 */
class ExternalIssuerIntegrationTests {

    private static final String AUDIENCE = "threadline-api";

    private static HttpServer issuerServer;
    private static String issuer;
    private static RSAKey issuerKey;
    private static ConfigurableApplicationContext gateway;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        issuerKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        issuerServer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + issuerServer.getAddress().getPort() + "/realms/threadline";
        serve("/realms/threadline/.well-known/openid-configuration", """
                {"issuer":"%s","jwks_uri":"%s/protocol/openid-connect/certs","subject_types_supported":["public"],
                 "id_token_signing_alg_values_supported":["RS256"]}""".formatted(issuer, issuer));
        serve("/realms/threadline/protocol/openid-connect/certs", new JWKSet(issuerKey.toPublicJWK()).toString());
        issuerServer.start();
        gateway = GatewayApplication.builder().run("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=", "--threadline.auth.issuer-uri=" + issuer,
                "--threadline.auth.audience=" + AUDIENCE);
        port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        issuerServer.stop(0);
    }

    @Test
    void theIssuersTokensAreAcceptedOnRestAndStomp() {
        String token = token(issuerKey, issuer, Duration.ofMinutes(5));

        ApiClient.Response created = new ApiClient(httpUrl(), token).post("/api/threads", Map.of("title", "sso"));

        assertThat(created.status()).isEqualTo(201);
        try (StompTestClient client = StompTestClient.connect(wsUrl(), token)) {
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void tokensOfAnotherKeyIssuerOrAudienceOrExpiredAreRefused() throws Exception {
        RSAKey otherKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        for (String token : new String[] { token(otherKey, issuer, Duration.ofMinutes(5)),
                token(issuerKey, "http://127.0.0.1:1/realms/evil", Duration.ofMinutes(5)),
                token(issuerKey, issuer, Duration.ofMinutes(-5)),
                token(issuerKey, issuer, Duration.ofMinutes(5), List.of("another-api")),
                token(issuerKey, issuer, Duration.ofMinutes(5), List.of()) }) {
            assertThat(new ApiClient(httpUrl(), token).get("/api/threads").status()).isEqualTo(401);
            assertThat(StompTestClient.connectRefused(wsUrl(), token)).startsWith("Unauthorized");
        }
    }

    @Test
    void theLocalAuthEndpointsAnswer404() {
        ApiClient anonymous = new ApiClient(httpUrl(), null);
        assertThat(anonymous.post("/api/auth/register", Map.of("username", "someone", "password", "long enough"))
                .status()).isEqualTo(404);
        assertThat(anonymous.post("/api/auth/token", Map.of("username", "someone", "password", "long enough"))
                .status()).isEqualTo(404);
    }

    private static String token(RSAKey key, String iss, Duration lifetime) {
        return token(key, iss, lifetime, List.of(AUDIENCE));
    }

    private static String token(RSAKey key, String iss, Duration lifetime, List<String> audience) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(key)));
        Instant now = Instant.now();
        JwtClaimsSet.Builder builder = JwtClaimsSet.builder().issuer(iss).subject("sso-user")
                .issuedAt(lifetime.isNegative() ? now.minusSeconds(600) : now).expiresAt(now.plus(lifetime));
        if (!audience.isEmpty()) {
            builder.audience(audience);
        }
        JwtClaimsSet claims = builder.build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).keyId("test-key").build(),
                claims)).getTokenValue();
    }

    private static void serve(String path, String json) {
        issuerServer.createContext(path, exchange -> {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private static String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    private static String wsUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }
}

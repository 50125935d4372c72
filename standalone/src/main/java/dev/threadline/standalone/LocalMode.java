package dev.threadline.standalone;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.threadline.common.auth.LocalTokens;
import org.jspecify.annotations.Nullable;

/**
 * Decides what the local mode runs: the configured RabbitMQ and MongoDB when {@code RABBITMQ_URI} and
 * {@code MONGODB_URI} are set, embedded stand-ins otherwise, a development secret kept in the data
 * directory when neither {@code JWT_SECRET} nor a JWT issuer is configured, and the data directory
 * itself ({@code THREADLINE_DATA_DIR}, {@code ./data} by default).
 */
record LocalMode(@Nullable String rabbitUri, @Nullable String mongoUri, @Nullable String jwtSecret,
        boolean externalIssuer, Path dataDirectory) {

    /** The data directory when {@code THREADLINE_DATA_DIR} is not set; the worker's command line looks there too. */
    static final String DEFAULT_DATA_DIRECTORY = "data";

    static LocalMode fromEnvironment() {
        String dataDir = blankToNull(System.getenv("THREADLINE_DATA_DIR"));
        return new LocalMode(blankToNull(System.getenv("RABBITMQ_URI")), blankToNull(System.getenv("MONGODB_URI")),
                blankToNull(System.getenv("JWT_SECRET")),
                blankToNull(System.getenv("JWT_ISSUER_URI")) != null
                        || blankToNull(System.getenv("JWT_JWK_SET_URI")) != null,
                Path.of(dataDir == null ? DEFAULT_DATA_DIRECTORY : dataDir));
    }

    StandaloneApplication.LocalModeSettings settings() {
        return new StandaloneApplication.LocalModeSettings(rabbitUri, mongoUri, jwtSecret, generatedSecret(),
                dataDirectory);
    }

    boolean generatedSecret() {
        return jwtSecret == null && !externalIssuer;
    }

    static String generateSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Command-line arguments for both contexts: they outrank every property source. */
    static List<String> arguments(String rabbitUri, boolean rabbitMqExtensions, String mongoUri,
            @Nullable String jwtSecret) {
        List<String> arguments = new ArrayList<>(List.of("--spring.rabbitmq.addresses=" + rabbitUri,
                "--spring.mongodb.uri=" + mongoUri, "--threadline.broker.rabbitmq-extensions=" + rabbitMqExtensions));
        if (jwtSecret != null) {
            arguments.add("--threadline.auth.jwt-secret=" + jwtSecret);
        }
        return arguments;
    }

    /** A token for {@code subject} signed with the local secret, as any standard JWT library would mint it. */
    static String devToken(String secret, String subject, Duration lifetime) {
        return new LocalTokens(secret).issue(subject, lifetime, java.util.Map.of("scope", "user"));
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }
}

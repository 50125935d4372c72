package dev.threadline.testing;

import java.time.Duration;
import java.util.Map;

import dev.threadline.common.auth.LocalTokens;



/** HS256 tokens minted the way any standard JWT library would, for tests of the local issuer mode. */
public final class TestTokens {

    public static final String SECRET = "threadline-test-secret-0123456789abcdef";

    private TestTokens() {
    }

    public static String token(String subject) {
        return token(SECRET, subject, Duration.ofHours(1));
    }

    /** A token whose {@code scope} claim grants the admin role. */
    public static String admin(String subject) {
        return token(SECRET, subject, Duration.ofHours(1), "admin");
    }

    /** A token whose {@code scope} claim is the given one (such as {@code metrics}). */
    public static String withScope(String subject, String scope) {
        return token(SECRET, subject, Duration.ofHours(1), scope);
    }

    public static String expired(String subject) {
        return token(SECRET, subject, Duration.ofMinutes(-5));
    }

    public static String token(String secret, String subject, Duration lifetime) {
        return token(secret, subject, lifetime, null);
    }

    private static String token(String secret, String subject, Duration lifetime, String scope) {
        return new LocalTokens(secret).issue(subject, lifetime, scope == null ? Map.of() : Map.of("scope", scope));
    }
}

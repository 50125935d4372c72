package dev.threadline.testing;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

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

    public static String expired(String subject) {
        return token(SECRET, subject, Duration.ofMinutes(-5));
    }

    public static String token(String secret, String subject, Duration lifetime) {
        return token(secret, subject, lifetime, null);
    }

    private static String token(String secret, String subject, Duration lifetime, String scope) {
        NimbusJwtEncoder encoder = new NimbusJwtEncoder(
                new ImmutableSecret<>(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(subject)
                .issuedAt(lifetime.isNegative() ? now.plus(lifetime).minusSeconds(60) : now)
                .expiresAt(now.plus(lifetime))
                .claims(members -> {
                    if (scope != null) {
                        members.put("scope", scope);
                    }
                })
                .build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }
}

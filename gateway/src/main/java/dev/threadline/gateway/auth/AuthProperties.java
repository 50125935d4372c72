package dev.threadline.gateway.auth;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.StringUtils;

/**
 * How tokens are validated (PROTOCOL.md §1): a local HS256 secret, or an external issuer found by OIDC
 * discovery or a JWKS URI. Exactly one mode must be configured; a bad value stops start-up.
 *
 * @param jwtSecret {@code JWT_SECRET}, at least 32 bytes
 * @param issuerUri {@code JWT_ISSUER_URI}
 * @param jwkSetUri {@code JWT_JWK_SET_URI}
 * @param audience when set, tokens must name it in {@code aud}
 * @param expiresInHours {@code JWT_EXPIRES_IN_HOURS}, lifetime of tokens the gateway issues
 */
@ConfigurationProperties("threadline.auth")
record AuthProperties(@Nullable String jwtSecret, @Nullable String issuerUri, @Nullable String jwkSetUri,
        @Nullable String audience, @DefaultValue("12") int expiresInHours) {

    public static final int MIN_SECRET_BYTES = 32;

    public AuthProperties {
        if (!StringUtils.hasText(jwtSecret) && !StringUtils.hasText(issuerUri) && !StringUtils.hasText(jwkSetUri)) {
            throw new IllegalArgumentException("JWT_SECRET, JWT_ISSUER_URI or JWT_JWK_SET_URI must be set");
        }
        if (StringUtils.hasText(jwtSecret) && jwtSecret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        if (expiresInHours <= 0) {
            throw new IllegalArgumentException("JWT_EXPIRES_IN_HOURS must be positive");
        }
    }

    public boolean localIssuer() {
        return !StringUtils.hasText(issuerUri) && !StringUtils.hasText(jwkSetUri);
    }
}

package dev.threadline.common.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * HS256 tokens of the local issuer (PROTOCOL.md §1), signed with {@code JWT_SECRET}: the gateway's
 * token endpoint, the local mode's dev token and the worker's {@code --generate-thread} all mint them here.
 */
public final class LocalTokens {

    private final NimbusJwtEncoder encoder;

    public LocalTokens(String secret) {
        this.encoder = new NimbusJwtEncoder(
                new ImmutableSecret<>(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256")));
    }

    /** A token for {@code subject} valid for {@code lifetime} (a negative one gives an expired token), with extra claims. */
    public String issue(String subject, Duration lifetime, Map<String, Object> claims) {
        Instant now = Instant.now();
        JwtClaimsSet.Builder builder = JwtClaimsSet.builder().subject(subject)
                .issuedAt(lifetime.isNegative() ? now.plus(lifetime).minusSeconds(60) : now)
                .expiresAt(now.plus(lifetime));
        claims.forEach(builder::claim);
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), builder.build()))
                .getTokenValue();
    }
}

package dev.threadline.gateway.auth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AuthPropertiesTests {

    @Test
    void aSecretShorterThan32BytesStopsStartUpNamingTheVariable() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AuthProperties("too-short", null, null, null, 12))
                .withMessage("JWT_SECRET must be at least 32 bytes");
    }

    @Test
    void noTokenModeAtAllStopsStartUpNamingTheVariables() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new AuthProperties("", "", null, null, 12))
                .withMessageContaining("JWT_SECRET, JWT_ISSUER_URI or JWT_JWK_SET_URI");
    }

    @Test
    void anIssuerMakesTheGatewayAnExternalResourceServer() {
        assertThat(new AuthProperties(null, "https://id.example.com/realms/x", null, null, 12).localIssuer()).isFalse();
        assertThat(new AuthProperties("0123456789abcdef0123456789abcdef", null, null, null, 12).localIssuer()).isTrue();
    }
}

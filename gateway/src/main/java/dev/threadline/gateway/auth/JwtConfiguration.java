package dev.threadline.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.util.StringUtils;

/**
 * The one {@link JwtDecoder} both REST and STOMP use: standard resource-server validation, {@code exp}
 * required, and every {@link OAuth2TokenValidator} bean a feature adds (such as refusing disabled users).
 */
@Configuration(proxyBeanMethods = false)
class JwtConfiguration {

    @Bean
    JwtDecoder jwtDecoder(AuthProperties properties, ObjectProvider<OAuth2TokenValidator<Jwt>> featureValidators) {
        List<OAuth2TokenValidator<Jwt>> features = featureValidators.orderedStream().toList();
        if (StringUtils.hasText(properties.issuerUri())) {
            NimbusJwtDecoder decoder = (NimbusJwtDecoder) JwtDecoders.fromIssuerLocation(properties.issuerUri());
            decoder.setJwtValidator(validator(properties,
                    JwtValidators.createDefaultWithIssuer(properties.issuerUri()), features));
            return decoder;
        }
        if (StringUtils.hasText(properties.jwkSetUri())) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.jwkSetUri()).build();
            decoder.setJwtValidator(validator(properties, JwtValidators.createDefault(), features));
            return decoder;
        }
        SecretKeySpec key = new SecretKeySpec(properties.jwtSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setJwtValidator(validator(properties, JwtValidators.createDefault(), features));
        return decoder;
    }

    @Bean
    JwtAuthenticationProvider jwtAuthenticationProvider(JwtDecoder jwtDecoder) {
        return new JwtAuthenticationProvider(jwtDecoder);
    }

    private static OAuth2TokenValidator<Jwt> validator(AuthProperties properties, OAuth2TokenValidator<Jwt> defaults,
            List<OAuth2TokenValidator<Jwt>> features) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(defaults);
        validators.add(new JwtClaimValidator<>(JwtClaimNames.EXP, exp -> exp != null));
        validators.add(new JwtClaimValidator<String>(JwtClaimNames.SUB, StringUtils::hasText));
        if (StringUtils.hasText(properties.audience())) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.contains(properties.audience())));
        }
        validators.addAll(features);
        return new DelegatingOAuth2TokenValidator<>(validators);
    }
}

package dev.threadline.gateway.admin;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * Refuses the tokens of a disabled user wherever a token is checked — REST and STOMP CONNECT share the
 * decoder — with the error code {@code user_disabled}, which the REST entry point makes the problem's code.
 */
@Component
class DisabledUserValidator implements OAuth2TokenValidator<Jwt> {

    static final OAuth2Error USER_DISABLED = new OAuth2Error("user_disabled", "the user is disabled", null);

    private final DisabledUsers disabledUsers;

    DisabledUserValidator(DisabledUsers disabledUsers) {
        this.disabledUsers = disabledUsers;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        String subject = token.getSubject();
        return subject != null && disabledUsers.contains(subject) ? OAuth2TokenValidatorResult.failure(USER_DISABLED)
                : OAuth2TokenValidatorResult.success();
    }
}

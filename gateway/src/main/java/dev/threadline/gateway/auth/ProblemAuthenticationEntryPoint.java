package dev.threadline.gateway.auth;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.threadline.gateway.web.ProblemWriter;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

/**
 * 401 with the standard {@code WWW-Authenticate: Bearer ...} header and a problem+json body. A token a
 * feature's validator refused with a code of its own (such as {@code user_disabled}) gets that code.
 */
@Component
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private static final Set<String> STANDARD_CODES = Set.of(OAuth2ErrorCodes.INVALID_TOKEN,
            OAuth2ErrorCodes.INVALID_REQUEST, OAuth2ErrorCodes.INSUFFICIENT_SCOPE);

    private final BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
    private final ProblemWriter problems;

    ProblemAuthenticationEntryPoint(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
            throws IOException {
        bearer.commence(request, response, ex);
        OAuth2Error refusal = featureRefusal(ex);
        if (refusal != null) {
            problems.write(response, HttpStatus.UNAUTHORIZED, refusal.getErrorCode(),
                    "The token was refused: " + refusal.getDescription());
            return;
        }
        problems.write(response, HttpStatus.UNAUTHORIZED, "unauthorized",
                "A valid bearer token is required: " + ex.getMessage());
    }

    /** The first validation error whose code is not one of RFC 6750's, if the token failed validation. */
    private static @Nullable OAuth2Error featureRefusal(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtValidationException invalid) {
                return invalid.getErrors().stream()
                        .filter(error -> !STANDARD_CODES.contains(error.getErrorCode())).findFirst().orElse(null);
            }
        }
        return null;
    }
}

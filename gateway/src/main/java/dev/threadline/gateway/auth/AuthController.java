package dev.threadline.gateway.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Pattern;


import jakarta.servlet.http.HttpServletRequest;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.common.Ids;
import dev.threadline.model.user.UserAccount;
import dev.threadline.common.auth.LocalTokens;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The local issuer (PROTOCOL.md §1–§2): accounts with adaptively hashed passwords (Spring Security's
 * delegating encoder, bcrypt by default) and HS256 tokens signed with {@code JWT_SECRET}. With an
 * external issuer configured these endpoints answer 404.
 */
@RestController
@RequestMapping("/api/auth")
class AuthController {

    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,40}");
    private static final int MIN_PASSWORD = 8;
    private static final int MAX_PASSWORD = 128;

    private final MongoTemplate mongo;
    private final AuthProperties properties;
    private final LoginThrottle throttle;
    private final PasswordEncoder passwords = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final String dummyHash = passwords.encode("threadline-timing-equaliser");
    private final @Nullable LocalTokens tokens;

    AuthController(MongoTemplate mongo, AuthProperties properties, LoginThrottle throttle) {
        this.mongo = mongo;
        this.properties = properties;
        this.throttle = throttle;
        this.tokens = properties.localIssuer() ? new LocalTokens(properties.jwtSecret()) : null;
    }

    @PostMapping("/register")
    ResponseEntity<Map<String, String>> register(@RequestBody Credentials credentials) {
        requireLocalIssuer();
        String username = credentials.username() == null ? "" : credentials.username();
        if (!USERNAME.matcher(username).matches()) {
            throw ThreadlineException.validation("username must be 3-40 letters, digits, '.', '_' or '-'");
        }
        String password = credentials.password() == null ? "" : credentials.password();
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD) {
            throw ThreadlineException.validation("password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters");
        }
        try {
            UserAccount account = mongo.insert(new UserAccount(Ids.newId(), username.toLowerCase(java.util.Locale.ROOT),
                    passwords.encode(password), Instant.now()), UserAccount.COLLECTION);
            return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", account.id(), "username", username));
        }
        catch (DuplicateKeyException taken) {
            throw ThreadlineException.conflict("conflict", "That username is taken");
        }
    }

    @PostMapping("/token")
    ResponseEntity<Map<String, Object>> token(@RequestBody Credentials credentials, HttpServletRequest request) {
        requireLocalIssuer();
        String username = credentials.username() == null ? "" : credentials.username().toLowerCase(java.util.Locale.ROOT);
        String address = request.getRemoteAddr();
        Duration wait = throttle.retryAfter(username, address);
        if (!wait.isZero()) {
            throw ThreadlineException.rateLimited("Too many failed logins; retry later", wait);
        }
        UserAccount account = mongo.findOne(Query.query(Criteria.where("username").is(username)), UserAccount.class,
                UserAccount.COLLECTION);
        String password = credentials.password() == null ? "" : credentials.password();
        boolean valid = passwords.matches(password, account == null ? dummyHash : account.passwordHash());
        if (account == null || !valid) {
            throttle.failed(username, address);
            throw ThreadlineException.unauthorized("Wrong username or password");
        }
        throttle.succeeded(username);
        Duration lifetime = Duration.ofHours(properties.expiresInHours());
        return ResponseEntity.ok(Map.of("access_token", sign(account, lifetime), "token_type", "Bearer",
                "expires_in", lifetime.toSeconds()));
    }

    private String sign(UserAccount account, Duration lifetime) {
        return tokens.issue(account.id(), lifetime, Map.of("iss", "threadline", "preferred_username",
                account.username()));
    }

    private void requireLocalIssuer() {
        if (!properties.localIssuer()) {
            throw ThreadlineException.notFound("Resource");
        }
    }
}

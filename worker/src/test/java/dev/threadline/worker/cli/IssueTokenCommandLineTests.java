package dev.threadline.worker.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.crypto.spec.SecretKeySpec;

import dev.threadline.testing.TestTokens;
import dev.threadline.worker.WorkerApplication;
import org.assertj.core.data.TemporalUnitOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code --issue-token}: a local-issuer token the gateway's HS256 decoder accepts, with the subject, the
 * {@code scope} claim and the lifetime asked for; it runs with the store and the broker unreachable.
 */
class IssueTokenCommandLineTests {

    private static final List<String> NOTHING_REACHABLE = List.of("--spring.mongodb.uri=mongodb://127.0.0.1:1/none",
            "--spring.rabbitmq.addresses=amqp://guest:guest@127.0.0.1:1");

    private static final TemporalUnitOffset ONE_MINUTE = within(Duration.ofMinutes(1));

    /** Whatever the environment of the build says. */
    private static final String NO_JWT_SECRET = "--threadline.cli.jwt-secret=";

    @TempDir
    Path data;

    @Test
    void printsATokenWithTheSubjectScopesAndLifetimeAskedForWithNoStoreOrBrokerReachable() {
        Run issued = run(Map.of(), "--issue-token", "--user", "ops", "--scope", "admin metrics", "--hours", "3",
                "--threadline.cli.jwt-secret=" + TestTokens.SECRET);

        assertThat(issued.code()).as(issued.err()).isZero();
        assertThat(issued.err()).isEmpty();
        assertThat(issued.out().lines()).hasSize(1);
        Jwt token = decode(TestTokens.SECRET, issued.out().strip());
        assertThat(token.getSubject()).isEqualTo("ops");
        assertThat(token.getClaimAsString("scope")).isEqualTo("admin metrics");
        assertThat(token.getExpiresAt()).isCloseTo(Instant.now().plus(Duration.ofHours(3)), ONE_MINUTE);
        assertThatThrownBy(() -> decode("another-secret-of-at-least-32-bytes!!", issued.out().strip()))
                .isInstanceOf(BadJwtException.class);
    }

    @Test
    void byDefaultTheTokenHasNoScopeAndLastsAnHour() {
        Run issued = run(Map.of(), "--issue-token", "--user", "alice",
                "--threadline.cli.jwt-secret=" + TestTokens.SECRET);

        Jwt token = decode(TestTokens.SECRET, issued.out().strip());
        assertThat(token.hasClaim("scope")).isFalse();
        assertThat(token.getExpiresAt()).isCloseTo(Instant.now().plus(Duration.ofHours(1)), ONE_MINUTE);
    }

    @Test
    void withoutJwtSecretTheLocalModesDevelopmentSecretSignsWithAWarning() throws IOException {
        String devSecret = "dev-secret-of-a-local-mode-0123456789abcdef";
        Files.writeString(data.resolve(TokenCommand.DEV_SECRET_FILE), devSecret + "\n");

        Run issued = run(Map.of("THREADLINE_DATA_DIR", data.toString()), "--issue-token", "--user", "ops", "--scope",
                "admin", NO_JWT_SECRET);

        assertThat(issued.code()).isZero();
        assertThat(issued.err().strip()).startsWith("warning: JWT_SECRET is not set");
        assertThat(decode(devSecret, issued.out().strip()).getClaimAsString("scope")).isEqualTo("admin");
    }

    @Test
    void mistakesEndWithOneClearLineAndANonZeroCode() {
        Map<String, String> noLocalMode = Map.of("THREADLINE_DATA_DIR", data.toString());
        String secret = "--threadline.cli.jwt-secret=" + TestTokens.SECRET;

        assertThat(run(noLocalMode, "--issue-token", "--user", "ops", NO_JWT_SECRET)).satisfies(noSecret -> {
            assertThat(noSecret.code()).isEqualTo(1);
            assertThat(noSecret.err().strip()).startsWith("error: JWT_SECRET is not set");
        });
        assertThat(run(noLocalMode, "--issue-token", "--user", "ops", "--threadline.cli.jwt-secret=too-short"))
                .satisfies(shortSecret -> assertThat(shortSecret.err().strip())
                        .isEqualTo("error: JWT_SECRET must be at least 32 bytes"));
        for (List<String> malformed : List.of(List.of("--issue-token", secret),
                List.of("--issue-token", "--user", "ops", "--hours", "0", secret),
                List.of("--issue-token", "--user", "ops", "--hours", "721", secret),
                List.of("--issue-token", "--user", "ops", "--hours", "soon", secret),
                List.of("--issue-token", "--user", "ops", "--scope", "admin \"x\"", secret),
                List.of("--issue-token", "--user", "ops", "--force", secret))) {
            Run refused = run(noLocalMode, malformed.toArray(String[]::new));
            assertThat(refused.code()).as(malformed.toString()).isEqualTo(2);
            assertThat(refused.out()).isEmpty();
            assertThat(refused.err().lines()).singleElement().asString().startsWith("error: ");
        }
    }

    private static Jwt decode(String secret, String token) {
        return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"))
                .macAlgorithm(MacAlgorithm.HS256).build().decode(token);
    }

    private static Run run(Map<String, String> environment, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(NOTHING_REACHABLE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WorkerCommandLine.execute(all.toArray(String[]::new), environment, WorkerApplication::builder,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Run(int code, String out, String err) {
    }
}

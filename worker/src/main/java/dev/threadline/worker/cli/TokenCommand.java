package dev.threadline.worker.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.threadline.common.auth.LocalTokens;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.StringUtils;

/**
 * {@code --issue-token} (PROTOCOL.md §14): prints a token of the local issuer, so an operator can make the
 * first admin. It reads {@code JWT_SECRET} the way the worker does (its {@code worker.yml}, secret files,
 * arguments) in a context of its own that holds only that setting — no store, no broker. Without
 * {@code JWT_SECRET} it signs with the development secret a local mode keeps in its data directory, and
 * says so on the error stream.
 */
final class TokenCommand {

    /** As the gateway requires of {@code JWT_SECRET}. */
    static final int MIN_SECRET_BYTES = 32;

    /** The file in which the local mode (standalone module) keeps its development secret. */
    static final String DEV_SECRET_FILE = "dev-jwt-secret";

    private TokenCommand() {
    }

    static int run(Command.IssueToken command, String[] args, Map<String, String> environment, PrintStream out,
            PrintStream err) {
        String configured;
        try {
            configured = configuredSecret(args);
        }
        catch (RuntimeException ex) {
            err.println("error: " + WorkerCommandLine.rootMessage(ex));
            return 1;
        }
        String secret = configured;
        if (!StringUtils.hasText(secret)) {
            Path devSecret = dataDirectory(environment).resolve(DEV_SECRET_FILE);
            secret = devSecret(devSecret);
            if (secret == null) {
                err.println("error: JWT_SECRET is not set (nor is there a local mode's " + devSecret
                        + "); --issue-token signs with the gateways' JWT_SECRET");
                return 1;
            }
            err.println("warning: JWT_SECRET is not set: signed with the local mode's development secret in "
                    + devSecret + ", accepted only by a gateway that uses it");
        }
        if (secret.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            err.println("error: JWT_SECRET must be at least " + MIN_SECRET_BYTES + " bytes");
            return 1;
        }
        Map<String, Object> claims = command.scopes().isEmpty() ? Map.of()
                : Map.of("scope", String.join(" ", command.scopes()));
        out.println(new LocalTokens(secret).issue(command.user(), Duration.ofHours(command.hours()), claims));
        return 0;
    }

    private static @Nullable String configuredSecret(String[] args) {
        List<String> springArgs = new ArrayList<>(List.of(args));
        springArgs.addAll(List.of("--logging.level.root=ERROR",
                "--logging.level.org.springframework.boot.SpringApplication=OFF"));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(SecretOnly.class)
                .properties("spring.config.name=worker").web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false).registerShutdownHook(false).run(springArgs.toArray(String[]::new))) {
            return context.getBean(CliProperties.class).jwtSecret();
        }
    }

    private static Path dataDirectory(Map<String, String> environment) {
        String configured = environment.getOrDefault("THREADLINE_DATA_DIR", "");
        return Path.of(configured.isBlank() ? "data" : configured);
    }

    private static @Nullable String devSecret(Path file) {
        try {
            String secret = Files.readString(file).strip();
            return secret.isEmpty() ? null : secret;
        }
        catch (IOException ex) {
            return null;
        }
    }

    /**
     * The worker's configuration with nothing but {@link CliProperties}: no auto-configuration runs. Not a
     * {@code @Configuration}, so the worker application's component scan leaves it alone.
     */
    @EnableConfigurationProperties(CliProperties.class)
    static class SecretOnly {
    }
}

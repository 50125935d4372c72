package dev.threadline.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.threadline.testing.FakeReply;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the TypeScript client's own tests ({@code clients/typescript}, {@code npm test}) against a live
 * gateway and worker, so the typed client is checked against the real protocol: streaming, refused sends,
 * the conversation tree (edit, branch switch, regenerate), organising threads and search. Skipped, with the
 * reason, where Node.js is not installed.
 */
class TypeScriptClientTests {

    private static final Path CLIENT = Path.of("..", "clients", "typescript");
    private static final Path LOG = Path.of("target", "typescript-client.log");

    private static DistributedHarness harness;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(onPath("node") && onPath("npm"),
                "Node.js (node and npm) is not installed: the TypeScript client's tests do not run");
        harness = new DistributedHarness("responses");
        harness.model.respondWith(request -> FakeReply.text("A ", "dark ", "suit ", "and ", "plain ", "shoes."));
    }

    @AfterAll
    static void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void theTypedClientsTestsPassAgainstTheLiveGateway() throws Exception {
        assertThat(run(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of())).as(log()).isZero();
        int exit = run(List.of("npm", "test"), Map.of("THREADLINE_URL", harness.httpUrl(),
                "THREADLINE_TOKEN", TestTokens.token("typescript-user")));
        String output = log();
        assertThat(exit).as(output).isZero();
        assertThat(output).contains("# fail 0", "# cancelled 0", "# skipped 0");
        assertThat(count(output, "pass")).as("every test ran and passed").isEqualTo(count(output, "tests"))
                .isGreaterThanOrEqualTo(20);
        assertThat(output).containsPattern("(?m)^ok \\d+ - an edit starts a sibling branch")
                .containsPattern("(?m)^ok \\d+ - search finds the thread");
    }

    /** A closing count of node's test runner, such as {@code # pass 21}. */
    private static int count(String output, String name) {
        Matcher line = Pattern.compile("(?m)^# " + name + " (\\d+)$").matcher(output);
        assertThat(line.find()).as("a '# " + name + "' line").isTrue();
        return Integer.parseInt(line.group(1));
    }

    private static int run(List<String> command, Map<String, String> environment) throws IOException,
            InterruptedException {
        Files.createDirectories(LOG.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(CLIENT.toFile()).redirectErrorStream(true)
                .redirectOutput(LOG.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in 5 minutes");
        }
        return process.exitValue();
    }

    private static String log() throws IOException {
        return Files.exists(LOG) ? Files.readString(LOG) : "";
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }
}

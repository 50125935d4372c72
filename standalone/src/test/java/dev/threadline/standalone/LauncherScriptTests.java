package dev.threadline.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./threadline}, the README's way to run a jar: it finds a JDK 21+ whatever the default {@code java}
 * is, and passes the arguments through. Run with a PATH whose {@code java} is not the one this test runs on.
 */
class LauncherScriptTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void withoutAnApplicationItPrintsItsUsageAndExitsWithTwo() throws Exception {
        Result result = run(List.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("usage: ./threadline gateway|worker|standalone");
    }

    @Test
    void runsTheWorkerJarWithAJdkOf21OrNewer() throws Exception {
        Result result = run(List.of("worker", "--create-assistant"));

        assertThat(result.exitCode()).as(result.output()).isEqualTo(2);
        assertThat(result.output()).startsWith("error: ").doesNotContain("UnsupportedClassVersionError");
    }

    private static Result run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", ROOT.resolve("threadline").toString()));
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("JAVA_HOME");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private record Result(int exitCode, String output) {
    }
}

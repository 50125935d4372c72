package dev.threadline.standalone;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.TestJvms;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The local mode as {@code ./run-local.sh} runs it, on a data directory of its own: the development secret
 * kept across a restart, a second instance refused in one line (a real second JVM), the welcome block, a
 * quiet stop (a real JVM and SIGTERM), and the worker's command line (the real worker jar) finding the
 * embedded store by itself and issuing an admin token with the development secret. Its broker is the embedded
 * one and it asserts no timing, so it runs beside the classes that use RabbitMQ.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(value = Resources.SYSTEM_PROPERTIES, mode = ResourceAccessMode.READ)
class LocalModeIntegrationTests {

    private static final Path WORKER_JAR = Path.of("..", "worker", "target", "threadline-worker.jar");
    /** A refused second instance starts nothing, so it ends within a JVM's start-up time. */
    private static final Duration QUICKLY = Duration.ofSeconds(20);
    /** The worker's command line starts a Spring context: allow for two busy cores. */
    private static final Duration COMMAND_LINE = Duration.ofSeconds(90);
    private static final Duration STARTED = Duration.ofMinutes(2);
    private static final Duration STOPPED = Duration.ofSeconds(60);

    @TempDir
    static Path sharedData;

    private static StandaloneApplication running;

    @BeforeAll
    static void start() {
        running = start(sharedData);
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @Test
    void aTokenFromTheFirstStartStillWorksAfterARestart(@TempDir Path data) {
        String token;
        try (StandaloneApplication first = start(data)) {
            token = tokenIn(first.welcome());
        }
        try (StandaloneApplication second = start(data)) {
            assertThat(new ApiClient("http://127.0.0.1:" + second.port(), token).get("/api/threads").status())
                    .isEqualTo(200);
        }
    }

    @Test
    void theWelcomeCarriesAReadyToUseStoreAddress() throws IOException {
        List<String> lines = running.welcome().lines().toList();

        assertThat(lines).contains("Store:  embedded, kept in " + sharedData)
                .anySatisfy(line -> assertThat(line).matches("MONGODB_URI=mongodb://127\\.0\\.0\\.1:\\d+/threadline"))
                .anySatisfy(line -> assertThat(line).startsWith("Open   " + running.url() + "#token=ey"));
        String storeLine = lines.stream().filter(line -> line.startsWith("MONGODB_URI=")).findFirst().orElseThrow();
        assertThat(Files.readString(sharedData.resolve(DataDirectory.ANNOUNCEMENT)))
                .contains("mongodb.uri=" + storeLine.substring("MONGODB_URI=".length()).replace(":", "\\:"));
    }

    @Test
    void aSecondInstanceOnTheSameDataDirectoryIsRefusedInOneLineAndExitsQuickly() throws Exception {
        Finished second = java(List.of("-cp", System.getProperty("java.class.path"),
                StandaloneApplication.class.getName()), sharedData, QUICKLY);

        assertThat(second.code()).isEqualTo(1);
        assertThat(second.output().lines()).singleElement().asString()
                .startsWith("Threadline's local mode is already running (data directory " + sharedData.toAbsolutePath())
                .contains("pid " + ProcessHandle.current().pid(), running.url());
        assertThatThrownBy(() -> start(sharedData)).isInstanceOf(LocalModeAlreadyRunningException.class);
        assertThat(new ApiClient("http://127.0.0.1:" + running.port(), tokenIn(running.welcome())).get("/api/threads")
                .status()).isEqualTo(200);
    }

    @Test
    void theWorkerCommandLineFindsTheStoreOfTheRunningLocalModeByItself() throws Exception {
        assertThat(WORKER_JAR).as("built by the worker module's package phase").exists();

        Finished listed = java(List.of("-Xmx256m", "-jar", WORKER_JAR.toString(), "--list-assistants"), sharedData,
                COMMAND_LINE);

        assertThat(listed.code()).as(listed.output()).isZero();
        assertThat(listed.output()).contains("orchestrator", "psychologist", "wardrobe");
    }

    @Test
    void theWorkerCommandLineIssuesAnAdminTokenTheRunningLocalModeAccepts() throws Exception {
        assertThat(WORKER_JAR).as("built by the worker module's package phase").exists();

        Finished issued = java(List.of("-Xmx256m", "-jar", WORKER_JAR.toString(), "--issue-token", "--user", "ops",
                "--scope", "admin"), sharedData, COMMAND_LINE);

        assertThat(issued.code()).as(issued.output()).isZero();
        List<String> lines = issued.output().lines().toList();
        assertThat(lines.get(0)).startsWith("warning: JWT_SECRET is not set");
        String baseUrl = "http://127.0.0.1:" + running.port();
        ApiClient admin = new ApiClient(baseUrl, lines.get(lines.size() - 1));
        assertThat(admin.get("/api/admin/users").status()).isEqualTo(200);
        assertThat(new ApiClient(baseUrl, tokenIn(running.welcome())).get("/api/admin/users").status()).isEqualTo(403);
    }

    @Test
    void aStopAfterOneBannerIsQuietAndLetsTheDataDirectoryGo(@TempDir Path data) throws Exception {
        Path log = newLog();
        Process process = java(List.of("-Xmx384m", "-cp", System.getProperty("java.class.path"),
                StandaloneApplication.class.getName()), data, log).start();
        try {
            await().atMost(STARTED).until(() -> Files.readString(log).contains("Stop with Ctrl+C.\n====="));
            process.destroy(); // SIGTERM, as a Ctrl+C's SIGINT: the shutdown hooks run

            assertThat(process.waitFor(STOPPED.toSeconds(), TimeUnit.SECONDS)).as("stopped within " + STOPPED).isTrue();
            String output = Files.readString(log);
            assertThat(output).containsOnlyOnce(":: Spring Boot ::").containsOnlyOnce("=== Threadline is running ===");
            assertThat(output.substring(output.indexOf("Stop with Ctrl+C."))).as(output)
                    .doesNotContain("ERROR", "WARN", "Exception");
            assertThat(data.resolve(DataDirectory.ANNOUNCEMENT)).doesNotExist();
        }
        finally {
            process.destroyForcibly();
        }
    }

    private static StandaloneApplication start(Path data) {
        return StandaloneApplication.start(new StandaloneApplication.LocalModeSettings(null, null, null, true, data),
                "--server.port=0", "--spring.main.banner-mode=off");
    }

    private static String tokenIn(String welcome) {
        int start = welcome.indexOf("#token=") + "#token=".length();
        return welcome.substring(start, welcome.indexOf('\n', start));
    }

    /** Runs a JVM to its end with the data directory and no configured broker, store or secret. */
    private static Finished java(List<String> arguments, Path data, Duration limit)
            throws IOException, InterruptedException {
        Path output = newLog();
        Process process = java(arguments, data, output).start();
        try {
            assertThat(process.waitFor(limit.toSeconds(), TimeUnit.SECONDS)).as("ended within " + limit).isTrue();
            return new Finished(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        }
        finally {
            process.destroyForcibly();
        }
    }

    /** A JVM as {@code ./run-local.sh} starts it: the data directory, a free port, no broker, store, secret or key. */
    private static ProcessBuilder java(List<String> arguments, Path data, Path output) {
        List<String> command = TestJvms.java();
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        Map<String, String> environment = builder.environment();
        List.of("RABBITMQ_URI", "MONGODB_URI", "SPRING_MONGODB_URI", "JWT_SECRET", "OPENAI_API_KEY")
                .forEach(environment::remove);
        environment.put("THREADLINE_DATA_DIR", data.toString());
        environment.put("SERVER_PORT", "0");
        return builder;
    }

    private static Path newLog() throws IOException {
        return Files.createTempFile(Files.createDirectories(Path.of("target", "local-mode-logs")), "java-", ".log");
    }

    private record Finished(int code, String output) {
    }
}

package dev.threadline.standalone;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.threadline.testing.TestJvms;

/** The worker jar as a separate JVM, so tests can kill it for real (SIGKILL) or stop it (SIGTERM). */
final class WorkerProcess implements AutoCloseable {

    private static final Path JAR = Path.of("..", "worker", "target", "threadline-worker.jar");

    private final Process process;
    private final Path log;

    private WorkerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static WorkerProcess start(Map<String, String> environment, String... args) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build with ./mvnw verify (package runs first)");
        }
        List<String> command = TestJvms.java("-Xmx256m", "-jar", JAR.toString());
        command.addAll(List.of(args));
        Path logs = Files.createDirectories(Path.of("target", "worker-logs"));
        Path log = Files.createTempFile(logs, "worker-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("WORKER_MANAGEMENT_PORT", "0");
        builder.environment().putAll(environment);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new WorkerProcess(process, log);
    }

    /** SIGKILL: the JVM dies at once, with unacknowledged deliveries and a held lease. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM: the worker drains and exits. */
    void terminate() {
        process.destroy();
    }

    Process process() {
        return process;
    }

    String log() {
        try {
            return Files.readString(log);
        }
        catch (IOException ex) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

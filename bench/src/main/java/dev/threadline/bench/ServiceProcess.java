package dev.threadline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A Java program the benchmark runs as its own process, with its output in a log file. */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;

    private ServiceProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Runs {@code java <jvmOptions> <program...>} with extra environment variables. */
    static ServiceProcess start(String name, List<String> jvmOptions, List<String> program, Map<String, String> environment,
            Path logDirectory) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmOptions);
        command.addAll(program);
        Path log = Files.createDirectories(logDirectory).resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return new ServiceProcess(name, process, log);
    }

    /** Waits until the log contains {@code line}; fails if the process exits first. */
    ServiceProcess awaitLog(String line, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (log().contains(line)) {
                return this;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException(name + " did not log '" + line + "' within " + timeout + "; see " + log);
    }

    String log() {
        try {
            return Files.readString(log);
        }
        catch (IOException ex) {
            return "";
        }
    }

    ProcessStats stats() {
        return new ProcessStats(process.pid());
    }

    long pid() {
        return process.pid();
    }

    String name() {
        return name;
    }

    /** SIGTERM, then SIGKILL if it has not exited after 20 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}

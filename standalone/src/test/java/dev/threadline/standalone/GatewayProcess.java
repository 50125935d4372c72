package dev.threadline.standalone;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.threadline.testing.TestJvms;

import static org.awaitility.Awaitility.await;

/** The gateway jar as a separate JVM on a port of its own, so tests can kill it for real (SIGKILL). */
final class GatewayProcess implements AutoCloseable {

    private static final Path JAR = Path.of("..", "gateway", "target", "threadline-gateway.jar");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int port;

    private GatewayProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts the gateway and returns once it is ready (its readiness probe answers 200). */
    static GatewayProcess start(Map<String, String> environment, String... args) throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: build with ./mvnw verify (package runs first)");
        }
        int port = freePort();
        List<String> command = TestJvms.java("-Xmx256m", "-jar", JAR.toString(), "--server.port=" + port,
                "--spring.main.banner-mode=off");
        command.addAll(List.of(args));
        Path logs = Files.createDirectories(Path.of("target", "gateway-logs"));
        Path log = Files.createTempFile(logs, "gateway-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        GatewayProcess gateway = new GatewayProcess(process, log, port);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .failFast("the gateway process exited (its log: " + log + ")", () -> !process.isAlive())
                .until(gateway::ready);
        return gateway;
    }

    String httpUrl() {
        return "http://127.0.0.1:" + port;
    }

    String wsUrl() {
        return "ws://127.0.0.1:" + port + "/ws";
    }

    /** SIGKILL: the JVM dies at once; its sessions, relay queue and presence entries are left behind. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String log() {
        try {
            return Files.readString(log);
        }
        catch (IOException ex) {
            return "";
        }
    }

    private boolean ready() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(httpUrl() + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }
        catch (IOException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}

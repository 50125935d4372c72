package dev.threadline.standalone;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.threadline.testing.TcpProxy;

/**
 * Takes the broker away and brings it back for the processes under test, which all reach it through
 * {@link #address()}. Where this machine's RabbitMQ can be restarted ({@code rabbitmqctl} as root, the
 * broker on this host), a real {@code stop_app}/{@code start_app}: queues, bindings and connections
 * behave as in production. Elsewhere (or with {@code -Dthreadline.chaos.broker=proxy}) the proxy in front
 * of the broker cuts every connection and refuses new ones, which the broker's clients see the same way.
 */
final class BrokerBounce implements AutoCloseable {

    private final TcpProxy proxy;
    private final String proxiedUri;
    private final boolean restartsBroker;
    private boolean stopped;

    BrokerBounce(String rabbitUri) {
        URI broker = URI.create(rabbitUri);
        this.proxy = new TcpProxy(broker.getHost(), broker.getPort());
        this.proxiedUri = rabbitUri.replace(":" + broker.getPort(), ":" + proxy.port());
        this.restartsBroker = !"proxy".equals(System.getProperty("threadline.chaos.broker"))
                && "127.0.0.1".equals(broker.getHost()) && "root".equals(System.getProperty("user.name"))
                && rabbitmqctl() != null;
    }

    /** The broker's URI through the proxy: what the processes under test use. */
    String address() {
        return proxiedUri;
    }

    /** "rabbitmqctl stop_app/start_app" or "proxy cut". */
    String how() {
        return restartsBroker ? "rabbitmqctl stop_app/start_app" : "proxy cut";
    }

    void stop() {
        stopped = true;
        if (restartsBroker) {
            rabbitmqctl("stop_app");
        }
        else {
            proxy.cut();
        }
    }

    void start() {
        if (!stopped) {
            return;
        }
        stopped = false;
        if (restartsBroker) {
            rabbitmqctl("start_app");
        }
        else {
            proxy.restore();
        }
    }

    private static void rabbitmqctl(String command) {
        try {
            Process process = new ProcessBuilder(rabbitmqctl().toString(), "-q", command).inheritIO().start();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("rabbitmqctl " + command + " failed");
            }
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static Path rabbitmqctl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "rabbitmqctl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path sbin = Path.of("/usr/sbin/rabbitmqctl");
        return Files.isExecutable(sbin) ? sbin : null;
    }

    /** Makes sure the broker runs again whatever the test did. */
    @Override
    public void close() {
        start();
        proxy.close();
    }

    static Duration outage() {
        return Duration.ofSeconds(3);
    }
}

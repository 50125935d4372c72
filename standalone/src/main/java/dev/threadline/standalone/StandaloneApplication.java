package dev.threadline.standalone;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.worker.WorkerApplication;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-command local mode: starts the embedded broker and store when none is configured, then the
 * gateway and the worker as two Spring contexts in this JVM, and prints the URL and a development token.
 */
public final class StandaloneApplication implements AutoCloseable {

    private final @Nullable EmbeddedBroker broker;
    private final @Nullable EmbeddedStore store;
    private final ConfigurableApplicationContext gateway;
    private final ConfigurableApplicationContext worker;
    private final @Nullable String devSecret;

    private StandaloneApplication(@Nullable EmbeddedBroker broker, @Nullable EmbeddedStore store,
            ConfigurableApplicationContext gateway, ConfigurableApplicationContext worker, @Nullable String devSecret) {
        this.broker = broker;
        this.store = store;
        this.gateway = gateway;
        this.worker = worker;
        this.devSecret = devSecret;
    }

    public static StandaloneApplication start(LocalModeSettings settings, String... extraArgs) {
        EmbeddedBroker broker = settings.rabbitUri() == null ? EmbeddedBroker.start() : null;
        EmbeddedStore store = settings.mongoUri() == null ? EmbeddedStore.start(settings.dataDirectory()) : null;
        String secret = settings.generateSecret() ? LocalMode.generateSecret() : settings.jwtSecret();
        List<String> arguments = new ArrayList<>(LocalMode.arguments(
                broker != null ? broker.uri() : settings.rabbitUri(), broker == null,
                store != null ? store.uri() : settings.mongoUri(), secret));
        arguments.addAll(List.of(extraArgs));
        ConfigurableApplicationContext gateway = GatewayApplication.builder().run(arguments.toArray(String[]::new));
        ConfigurableApplicationContext worker = WorkerApplication.builder().run(arguments.toArray(String[]::new));
        return new StandaloneApplication(broker, store, gateway, worker, settings.generateSecret() ? secret : null);
    }

    public static void main(String[] args) {
        LocalMode mode = LocalMode.fromEnvironment();
        StandaloneApplication app = start(new LocalModeSettings(mode.rabbitUri(), mode.mongoUri(), mode.jwtSecret(),
                mode.generatedSecret(), mode.embeddedStore() ? mode.dataDirectory() : null), args);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "threadline-shutdown"));
        app.printWelcome(mode);
    }

    public int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    private void printWelcome(LocalMode mode) {
        String token = devSecret == null ? null : LocalMode.devToken(devSecret, "dev", Duration.ofHours(12));
        StringBuilder banner = new StringBuilder("\n=== Threadline is running ===\n")
                .append("Open  http://localhost:").append(port()).append('/')
                .append(token == null ? "" : "#token=" + token).append('\n')
                .append("Broker: ").append(broker != null ? "embedded (in memory)" : "RABBITMQ_URI").append('\n')
                .append("Store:  ").append(store != null ? "embedded (" + mode.dataDirectory() + ")" : "MONGODB_URI")
                .append('\n');
        if (token != null) {
            banner.append("Dev JWT secret (local mode only): ").append(devSecret).append('\n')
                    .append("Dev token (user 'dev', 12 h):\n").append(token).append('\n');
        }
        System.out.println(banner.append("=============================\n"));
    }

    @Override
    public void close() {
        worker.close();
        gateway.close();
        if (broker != null) {
            broker.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** What to run against; null URIs mean embedded stand-ins. */
    public record LocalModeSettings(@Nullable String rabbitUri, @Nullable String mongoUri, @Nullable String jwtSecret,
            boolean generateSecret, java.nio.file.@Nullable Path dataDirectory) {
    }
}

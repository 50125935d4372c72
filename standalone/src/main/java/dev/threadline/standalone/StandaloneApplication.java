package dev.threadline.standalone;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.threadline.gateway.GatewayApplication;
import dev.threadline.worker.WorkerApplication;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.Banner;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-command local mode: takes the data directory (one local mode per directory), starts the
 * embedded broker and store when none is configured, then the gateway and the worker as two Spring
 * contexts in this JVM, and prints the URL and a development token.
 */
public final class StandaloneApplication implements AutoCloseable {

    /**
     * Both contexts leave stopping to {@link #close()}: with their own shutdown hooks they would close
     * at the same time as the broker, and log errors for connections cut under them.
     */
    private static final String NO_CONTEXT_SHUTDOWN_HOOK = "--spring.main.register-shutdown-hook=false";

    private final Parts parts;
    private final ConfigurableApplicationContext gateway;
    private final ConfigurableApplicationContext worker;

    private StandaloneApplication(Parts parts, ConfigurableApplicationContext gateway,
            ConfigurableApplicationContext worker) {
        this.parts = parts;
        this.gateway = gateway;
        this.worker = worker;
    }

    /**
     * Starts the local mode; throws {@link LocalModeAlreadyRunningException} before starting anything
     * when another local mode holds the data directory, and closes what it started when a later part fails.
     */
    public static StandaloneApplication start(LocalModeSettings settings, String... extraArgs) {
        Parts parts = new Parts(settings.dataDirectory() == null ? null : DataDirectory.lock(settings.dataDirectory()));
        ConfigurableApplicationContext gateway = null;
        try {
            parts.broker = settings.rabbitUri() == null ? EmbeddedBroker.start() : null;
            parts.store = settings.mongoUri() == null ? EmbeddedStore.start(settings.dataDirectory()) : null;
            parts.devSecret = settings.generateSecret() ? parts.devSecret() : null;
            String[] arguments = arguments(settings, parts, extraArgs);
            gateway = GatewayApplication.builder().run(arguments);
            ConfigurableApplicationContext worker = WorkerApplication.builder().bannerMode(Banner.Mode.OFF)
                    .run(arguments);
            StandaloneApplication app = new StandaloneApplication(parts, gateway, worker);
            parts.announce(app.url(), parts.store == null ? null : parts.store.uri());
            return app;
        }
        catch (RuntimeException ex) {
            if (gateway != null) {
                gateway.close();
            }
            parts.close();
            throw ex;
        }
    }

    public static void main(String[] args) {
        StandaloneApplication app;
        try {
            app = start(LocalMode.fromEnvironment().settings(), args);
        }
        catch (LocalModeAlreadyRunningException ex) {
            System.err.println(ex.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "threadline-shutdown"));
        System.out.println(app.welcome());
    }

    public int port() {
        return ((WebServerApplicationContext) gateway).getWebServer().getPort();
    }

    String url() {
        return "http://localhost:" + port() + "/";
    }

    /** The block printed once everything runs: where to go, what runs, and how to reach the store. */
    String welcome() {
        String token = parts.devSecret == null ? null : LocalMode.devToken(parts.devSecret, "dev", Duration.ofHours(12));
        StringBuilder banner = new StringBuilder("\n=== Threadline is running ===\n")
                .append("Open   ").append(url()).append(token == null ? "" : "#token=" + token).append('\n')
                .append("Broker: ").append(parts.broker != null ? "embedded (in memory)" : "RABBITMQ_URI").append('\n')
                .append("Store:  ").append(storeDescription()).append('\n');
        if (parts.store != null) {
            banner.append("MONGODB_URI=").append(parts.store.uri()).append('\n');
        }
        if (token != null) {
            banner.append("Dev token (user 'dev', 12 h):\n").append(token).append('\n');
            if (parts.data != null) {
                banner.append("Its secret is kept in ").append(parts.data.path().resolve(DataDirectory.SECRET))
                        .append(", so tokens survive a restart.\n");
            }
        }
        return banner.append("Stop with Ctrl+C.\n=============================\n").toString();
    }

    private String storeDescription() {
        if (parts.store == null) {
            return "MONGODB_URI";
        }
        if (parts.data == null) {
            return "embedded (in memory)";
        }
        return "embedded, kept in " + parts.data.path();
    }

    /** Stops the worker, then the gateway (their clients of broker and store first), then the broker and store. */
    @Override
    public void close() {
        try {
            worker.close();
            gateway.close();
        }
        finally {
            parts.close();
        }
    }

    private static String[] arguments(LocalModeSettings settings, Parts parts, String... extraArgs) {
        List<String> arguments = new ArrayList<>(LocalMode.arguments(
                parts.broker != null ? parts.broker.uri() : requireNonNull(settings.rabbitUri()), parts.broker == null,
                parts.store != null ? parts.store.uri() : requireNonNull(settings.mongoUri()),
                parts.devSecret != null ? parts.devSecret : settings.jwtSecret()));
        arguments.add(NO_CONTEXT_SHUTDOWN_HOOK);
        arguments.addAll(List.of(extraArgs));
        return arguments.toArray(String[]::new);
    }

    private static String requireNonNull(@Nullable String value) {
        return java.util.Objects.requireNonNull(value);
    }

    /** What to run against; null URIs mean embedded stand-ins, a null data directory keeps nothing on disk. */
    public record LocalModeSettings(@Nullable String rabbitUri, @Nullable String mongoUri, @Nullable String jwtSecret,
            boolean generateSecret, @Nullable Path dataDirectory) {
    }

    /** What the local mode starts before the contexts, closed in reverse: broker, store, then the data directory. */
    private static final class Parts implements AutoCloseable {

        private final @Nullable DataDirectory data;
        private @Nullable EmbeddedBroker broker;
        private @Nullable EmbeddedStore store;
        private @Nullable String devSecret;

        Parts(@Nullable DataDirectory data) {
            this.data = data;
        }

        /** Kept in the data directory so tokens survive a restart; a fresh one per start without it. */
        String devSecret() {
            return data != null ? data.devSecret() : LocalMode.generateSecret();
        }

        void announce(String url, @Nullable String storeUri) {
            if (data != null) {
                data.announce(url, storeUri);
            }
        }

        @Override
        public void close() {
            try {
                if (broker != null) {
                    broker.close();
                }
                if (store != null) {
                    store.close();
                }
            }
            finally {
                if (data != null) {
                    data.close();
                }
            }
        }
    }
}

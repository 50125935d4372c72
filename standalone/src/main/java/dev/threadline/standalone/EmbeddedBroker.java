package dev.threadline.standalone;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.SystemLauncherListener;
import org.apache.qpid.server.model.SystemConfig;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory AMQP 0-9-1 broker (Apache Qpid Broker-J) on a free loopback port. It has no dead-letter
 * exchanges or quorum queues, so Threadline declares plain queues on it.
 */
final class EmbeddedBroker implements AutoCloseable {

    private final SystemLauncher launcher = new SystemLauncher(new SystemLauncherListener.DefaultSystemLauncherListener() {

        @Override
        public void onContainerResolve(SystemConfig<?> systemConfig) {
            EmbeddedBroker.this.systemConfig = systemConfig;
        }
    });
    private final int port;
    private volatile @Nullable SystemConfig<?> systemConfig;

    private EmbeddedBroker(int port) {
        this.port = port;
    }

    static EmbeddedBroker start() {
        EmbeddedBroker broker = new EmbeddedBroker(freePort());
        broker.launch();
        return broker;
    }

    String uri() {
        return "amqp://guest:guest@127.0.0.1:" + port;
    }

    private void launch() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(SystemConfig.TYPE, "Memory");
        attributes.put(SystemConfig.INITIAL_CONFIGURATION_LOCATION, copyToTempFile("/embedded-broker.json", ".json"));
        attributes.put(SystemConfig.INITIAL_SYSTEM_PROPERTIES_LOCATION,
                copyToTempFile("/embedded-broker.properties", ".properties"));
        attributes.put(SystemConfig.STARTUP_LOGGED_TO_SYSTEM_OUT, false);
        attributes.put(SystemConfig.CONTEXT, Map.of("qpid.amqp_port", port,
                "queue.behaviourOnUnknownDeclareArgument", "IGNORE",
                "qpid.work_dir", System.getProperty("java.io.tmpdir") + "/threadline-qpid-" + port));
        try {
            launcher.startup(attributes);
        }
        catch (Exception ex) {
            throw new IllegalStateException("The embedded AMQP broker did not start: " + ex.getMessage(), ex);
        }
        removeBrokerShutdownHook();
        // a port that cannot bind does not fail start-up: check that it accepts connections
        try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
            probe.getPort();
        }
        catch (java.io.IOException ex) {
            close();
            throw new IllegalStateException("The embedded AMQP broker could not bind 127.0.0.1:" + port, ex);
        }
    }

    /**
     * Qpid reads its configuration through {@code classpath:} URLs, which it cannot resolve inside the
     * executable jar, so its files are copied to temporary files first.
     */
    private static String copyToTempFile(String resource, String suffix) {
        try (java.io.InputStream json = EmbeddedBroker.class.getResourceAsStream(resource)) {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("threadline-broker-", suffix);
            file.toFile().deleteOnExit();
            java.nio.file.Files.copy(java.util.Objects.requireNonNull(json), file,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return file.toUri().toString();
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException("Cannot write the embedded broker's configuration", ex);
        }
    }

    /**
     * Qpid registers a JVM shutdown hook of its own ("QpidBrokerShutdownHook"). Run beside the local mode's
     * hook, it stops the broker while the worker and the gateway are still closing: their connections are
     * cut mid-drain, and our own shutdown then fails with "Task executor Broker-Config is not in ACTIVE
     * state". The local mode closes the broker itself, after both contexts, so Qpid's hook is removed.
     * Qpid offers no switch for it: the hook is the broker's private field, read by reflection; should a
     * later Qpid rename it, the hook stays and {@link #close()} still tolerates a broker already stopped.
     */
    private void removeBrokerShutdownHook() {
        SystemConfig<?> config = systemConfig;
        Object container = config == null ? null : config.getContainer();
        for (Class<?> type = container == null ? null : container.getClass(); type != null; type = type.getSuperclass()) {
            try {
                java.lang.reflect.Field hook = type.getDeclaredField("_shutdownHook");
                hook.setAccessible(true);
                Runtime.getRuntime().removeShutdownHook((Thread) hook.get(container));
                return;
            }
            catch (NoSuchFieldException ex) {
                // look in the superclass
            }
            catch (ReflectiveOperationException | RuntimeException ex) {
                return;
            }
        }
    }

    @Override
    public void close() {
        try {
            launcher.shutdown();
        }
        catch (IllegalStateException ex) {
            if (!String.valueOf(ex.getMessage()).contains("not in ACTIVE state")) {
                throw ex;
            }
            // stopped already, by Qpid's own shutdown hook (see removeBrokerShutdownHook)
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException("No free port for the embedded broker", ex);
        }
    }
}

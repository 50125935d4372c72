package dev.threadline.standalone;

import java.net.ServerSocket;
import java.util.HashMap;
import java.util.Map;

import org.apache.qpid.server.SystemLauncher;
import org.apache.qpid.server.model.SystemConfig;

/**
 * An in-memory AMQP 0-9-1 broker (Apache Qpid Broker-J) on a free loopback port. It has no dead-letter
 * exchanges or quorum queues, so Threadline declares plain queues on it.
 */
final class EmbeddedBroker implements AutoCloseable {

    private final SystemLauncher launcher = new SystemLauncher();
    private final int port;

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

    @Override
    public void close() {
        launcher.shutdown();
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

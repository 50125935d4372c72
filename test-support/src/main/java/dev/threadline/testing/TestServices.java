package dev.threadline.testing;

import java.net.InetSocketAddress;
import java.util.UUID;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mongodb.MongoDBContainer;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The real services integration tests talk to. RabbitMQ: a Testcontainers broker where a Docker engine
 * exists, otherwise the machine's RabbitMQ at 127.0.0.1:5672 (or {@code RABBITMQ_URI}). MongoDB:
 * {@code MONGODB_URI} when set, a Testcontainers MongoDB where Docker exists, otherwise an in-memory
 * MongoDB-wire server — always through the real driver.
 */
public final class TestServices {

    private static String rabbitUri;
    private static String mongoBaseUri;

    private TestServices() {
    }

    public static synchronized String rabbitUri() {
        if (rabbitUri == null) {
            rabbitUri = resolveRabbit();
        }
        return rabbitUri;
    }

    /** A MongoDB URI naming a fresh database, so test classes never see each other's data. */
    public static String mongoUri() {
        return mongoBaseUri() + "/threadline-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static synchronized String mongoBaseUri() {
        if (mongoBaseUri == null) {
            mongoBaseUri = resolveMongo();
        }
        return mongoBaseUri;
    }

    private static String resolveRabbit() {
        String configured = System.getenv("RABBITMQ_URI");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (dockerAvailable()) {
            RabbitMQContainer container = new RabbitMQContainer("rabbitmq:4-management");
            container.start();
            return container.getAmqpUrl().replace("amqp://", "amqp://guest:guest@");
        }
        return "amqp://guest:guest@127.0.0.1:5672";
    }

    private static String resolveMongo() {
        String configured = System.getenv("MONGODB_URI");
        if (configured != null && !configured.isBlank()) {
            return stripDatabase(configured);
        }
        if (dockerAvailable()) {
            MongoDBContainer container = new MongoDBContainer("mongo:8");
            container.start();
            return stripDatabase(container.getConnectionString());
        }
        MongoServer server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    private static String stripDatabase(String uri) {
        int slash = uri.indexOf('/', "mongodb://".length());
        return slash < 0 ? uri : uri.substring(0, slash);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        }
        catch (RuntimeException | LinkageError ex) {
            return false;
        }
    }
}

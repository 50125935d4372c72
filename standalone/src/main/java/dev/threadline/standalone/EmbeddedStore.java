package dev.threadline.standalone;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.jspecify.annotations.Nullable;

/**
 * A MongoDB-wire server (mongo-java-server) on a free loopback port, reached through the real MongoDB
 * driver. With a data directory it keeps history in an H2 file there, so it survives a restart.
 */
final class EmbeddedStore implements AutoCloseable {

    private final MongoServer server;
    private final InetSocketAddress address;

    private EmbeddedStore(MongoServer server) {
        this.server = server;
        this.address = server.bind();
    }

    static EmbeddedStore start(@Nullable Path dataDirectory) {
        return new EmbeddedStore(new MongoServer(dataDirectory == null ? new MemoryBackend() : h2(dataDirectory)));
    }

    private static H2Backend h2(Path dataDirectory) {
        try {
            Files.createDirectories(dataDirectory);
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException("Cannot create the data directory " + dataDirectory, ex);
        }
        return new H2Backend(dataDirectory.resolve("threadline.mv.db").toString());
    }

    String uri() {
        return "mongodb://127.0.0.1:" + address.getPort() + "/threadline";
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}

package dev.threadline.bench;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/** The store of the benchmark in its own process: an in-memory MongoDB-wire server (no MongoDB runs here). */
public final class BenchStore {

    private BenchStore() {
    }

    public static void main(String[] args) throws InterruptedException {
        MongoServer server = new MongoServer(new MemoryBackend());
        server.bind("127.0.0.1", Integer.parseInt(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow));
        System.out.println("STORE READY on " + args[0]);
        Thread.currentThread().join();
    }
}

package dev.threadline.worker.backup;

import java.util.List;
import java.util.function.Consumer;

import com.mongodb.ClientSessionOptions;
import com.mongodb.MongoServerException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import com.mongodb.connection.ClusterDescription;
import com.mongodb.connection.ClusterType;
import com.mongodb.connection.ServerDescription;
import org.bson.BsonDocument;
import org.bson.RawBsonDocument;
import org.jspecify.annotations.Nullable;

/**
 * Reads whole collections in {@code _id} order, streamed. Where the server offers snapshot reads (a
 * replica set or sharded cluster of MongoDB 5.0+) every collection is read in one snapshot session, so all
 * of them at the same point in time; a collection that takes longer than the server keeps a snapshot
 * ({@code minSnapshotHistoryWindowInSeconds}, 300 s by default) is read again by one cursor. A standalone
 * server (and the embedded store) is read by one cursor per collection.
 */
final class CollectionReads implements AutoCloseable {

    static final String SNAPSHOT = "snapshot";
    static final String CURSOR = "cursor";
    /** A real server caps a batch at 16 MB by itself; the embedded store answers whatever is asked, within 48 MB. */
    static final int BATCH = 200;
    private static final int SNAPSHOT_TOO_OLD = 239;
    private static final int WIRE_VERSION_5_0 = 13;

    private final MongoDatabase database;
    private final @Nullable ClientSession snapshot;

    CollectionReads(MongoClient client, MongoDatabase database) {
        this.database = database;
        this.snapshot = snapshotsSupported(client)
                ? client.startSession(ClientSessionOptions.builder().snapshot(true).build()) : null;
    }

    /**
     * Passes every document of the collection to {@code each}; answers how it was read ({@link #SNAPSHOT} or
     * {@link #CURSOR}). {@code restart} runs before a collection is read again from its start.
     */
    String readAll(String collection, Runnable restart, Consumer<BsonDocument> each) {
        MongoCollection<RawBsonDocument> documents = database.getCollection(collection, RawBsonDocument.class);
        if (snapshot != null) {
            try (MongoCursor<RawBsonDocument> cursor = documents.find(snapshot).sort(Sorts.ascending("_id"))
                    .batchSize(BATCH).iterator()) {
                cursor.forEachRemaining(each);
                return SNAPSHOT;
            }
            catch (MongoServerException ex) {
                if (ex.getCode() != SNAPSHOT_TOO_OLD) {
                    throw ex;
                }
                restart.run();
            }
        }
        try (MongoCursor<RawBsonDocument> cursor = documents.find().sort(Sorts.ascending("_id")).batchSize(BATCH)
                .iterator()) {
            cursor.forEachRemaining(each);
        }
        return CURSOR;
    }

    @Override
    public void close() {
        if (snapshot != null) {
            snapshot.close();
        }
    }

    private static boolean snapshotsSupported(MongoClient client) {
        ClusterDescription cluster = client.getClusterDescription();
        List<ServerDescription> servers = cluster.getServerDescriptions().stream().filter(ServerDescription::isOk)
                .toList();
        return (cluster.getType() == ClusterType.REPLICA_SET || cluster.getType() == ClusterType.SHARDED)
                && !servers.isEmpty() && servers.stream().allMatch(server -> server.getMaxWireVersion() >= WIRE_VERSION_5_0);
    }
}

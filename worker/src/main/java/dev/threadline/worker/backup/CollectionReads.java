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

/**
 * Reads a whole collection in {@code _id} order, streamed. Where the server offers snapshot reads (a
 * replica set or sharded cluster of MongoDB 5.0+) the collection is read at one point in time, in a
 * session of its own; a standalone server (and the embedded store) is read by one cursor.
 */
final class CollectionReads {

    static final String SNAPSHOT = "snapshot";
    static final String CURSOR = "cursor";
    private static final int SNAPSHOT_TOO_OLD = 239;
    /** A real server caps a batch at 16 MB by itself; the embedded store answers whatever is asked, within 48 MB. */
    static final int BATCH = 200;
    private static final int WIRE_VERSION_5_0 = 13;

    private final MongoClient client;
    private final MongoDatabase database;

    CollectionReads(MongoClient client, MongoDatabase database) {
        this.client = client;
        this.database = database;
    }

    /** Passes every document of the collection to {@code each}; answers how it was read ({@link #SNAPSHOT} or {@link #CURSOR}). */
    String readAll(String collection, Runnable restart, Consumer<BsonDocument> each) {
        MongoCollection<RawBsonDocument> documents = database.getCollection(collection, RawBsonDocument.class);
        if (snapshotsSupported()) {
            try (ClientSession session = client.startSession(ClientSessionOptions.builder().snapshot(true).build());
                    MongoCursor<RawBsonDocument> cursor = documents.find(session).sort(Sorts.ascending("_id"))
                            .batchSize(BATCH).iterator()) {
                cursor.forEachRemaining(each);
                return SNAPSHOT;
            }
            catch (MongoServerException ex) {
                if (ex.getCode() != SNAPSHOT_TOO_OLD) {
                    throw ex;
                }
                restart.run(); // took longer than the server keeps snapshots: read it again by one cursor
            }
        }
        try (MongoCursor<RawBsonDocument> cursor = documents.find().sort(Sorts.ascending("_id")).batchSize(BATCH)
                .iterator()) {
            cursor.forEachRemaining(each);
        }
        return CURSOR;
    }

    private boolean snapshotsSupported() {
        ClusterDescription cluster = client.getClusterDescription();
        List<ServerDescription> servers = cluster.getServerDescriptions().stream().filter(ServerDescription::isOk)
                .toList();
        return (cluster.getType() == ClusterType.REPLICA_SET || cluster.getType() == ClusterType.SHARDED)
                && !servers.isEmpty() && servers.stream().allMatch(server -> server.getMaxWireVersion() >= WIRE_VERSION_5_0);
    }
}

package dev.threadline.worker.backup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.InsertManyOptions;
import dev.threadline.common.store.StoreSchema;
import org.bson.BsonDocument;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Restores a backup into the store's database: every file is checked against the manifest first, the
 * target must be empty (or {@code force} replaces the collections the backup holds), the schema's indexes
 * are created, then each collection's documents are inserted exactly as they were backed up.
 */
@Component
public class StoreRestore {

    private static final int BATCH_DOCUMENTS = 1000;
    private static final long BATCH_CHARACTERS = 8L << 20;

    private final MongoTemplate mongo;
    private final StoreSchema schema;
    private final JsonMapper json;

    StoreRestore(MongoTemplate mongo, StoreSchema schema, JsonMapper json) {
        this.mongo = mongo;
        this.schema = schema;
        this.json = json;
    }

    public Result restore(Path dir, boolean force) {
        long started = System.nanoTime();
        Manifest manifest = BackupDirectory.openVerified(dir, json);
        if (!Manifest.BACKUP.equals(manifest.kind())) {
            throw new BackupException(dir + " is an archive of threads, not a backup: bring its threads back with --restore-thread");
        }
        MongoDatabase database = mongo.getDb();
        List<String> occupied = occupied(database);
        if (!occupied.isEmpty() && !force) {
            throw new BackupException("the store's database '" + database.getName() + "' is not empty (" + String.join(", ",
                    occupied) + "): restore into an empty database, or add --force to replace the collections the backup holds");
        }
        if (force) {
            List<String> present = StoreBackup.collections(database);
            manifest.collections().stream().map(CollectionFile::collection).filter(present::contains)
                    .forEach(collection -> database.getCollection(collection).drop());
        }
        schema.create();
        List<String> existing = StoreBackup.collections(database);
        for (CollectionFile listed : manifest.collections()) {
            if (!existing.contains(listed.collection())) {
                database.createCollection(listed.collection());
            }
            insert(database.getCollection(listed.collection(), BsonDocument.class), BackupDirectory.fileOf(dir, listed),
                    listed);
        }
        return new Result(dir, manifest, database.getName(), Duration.ofNanos(System.nanoTime() - started));
    }

    /** The collections of the database that hold at least one document. */
    private static List<String> occupied(MongoDatabase database) {
        return StoreBackup.collections(database).stream()
                .filter(name -> database.getCollection(name).find().limit(1).first() != null).toList();
    }

    private static void insert(MongoCollection<BsonDocument> collection, Path file, CollectionFile listed) {
        List<BsonDocument> batch = new ArrayList<>(BATCH_DOCUMENTS);
        long[] characters = { 0 };
        long read = DocumentFiles.readSized(file, (document, length) -> {
            batch.add(document);
            characters[0] += length;
            if (batch.size() >= BATCH_DOCUMENTS || characters[0] >= BATCH_CHARACTERS) {
                flush(collection, batch);
                characters[0] = 0;
            }
        });
        flush(collection, batch);
        if (read != listed.documents()) {
            throw new BackupException(file + " holds " + read + " documents, its manifest says " + listed.documents());
        }
    }

    private static void flush(MongoCollection<BsonDocument> collection, List<BsonDocument> batch) {
        if (!batch.isEmpty()) {
            collection.insertMany(batch, new InsertManyOptions().ordered(true));
            batch.clear();
        }
    }

    /** A finished restore: from where, into which database, and how long it took. */
    public record Result(Path dir, Manifest manifest, String database, Duration took) {
    }
}

package dev.threadline.worker.backup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backs up every collection of the store's database into a directory: one file per collection, read
 * consistently ({@link CollectionReads}: all at one point in time on a replica set, each by one cursor in
 * {@code _id} order on a standalone server), the manifest written last. A directory that does
 * not exist yet is written beside it as {@code <dir>.partial} and renamed when complete, so a backup
 * directory that exists is whole.
 */
@Component
public class StoreBackup {

    private final MongoTemplate mongo;
    private final MongoClient client;
    private final JsonMapper json;

    StoreBackup(MongoTemplate mongo, MongoClient client, JsonMapper json) {
        this.mongo = mongo;
        this.client = client;
        this.json = json;
    }

    public Result backup(Path dir) {
        long started = System.nanoTime();
        Instant startedAt = Instant.now();
        MongoDatabase database = mongo.getDb();
        List<String> collections = collections(database);
        Path target = workingDirectory(dir);
        List<CollectionFile> files = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        try (CollectionReads reads = new CollectionReads(client, database)) {
            for (String collection : collections) {
                files.add(write(reads, collection, target.resolve(BackupDirectory.fileName(collection, taken))));
            }
        }
        Manifest manifest = Manifest.backup(database.getName(), startedAt, files);
        BackupDirectory.writeManifest(target, manifest, json);
        if (!target.equals(dir)) {
            BackupDirectory.move(target, dir);
        }
        return new Result(dir, manifest, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Every collection of the database, views and {@code system.*} left out, by name. */
    static List<String> collections(MongoDatabase database) {
        List<String> names = new ArrayList<>();
        for (Document collection : database.listCollections()) {
            String name = collection.getString("name");
            if (!name.startsWith("system.") && !"view".equals(collection.getString("type"))) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    private static CollectionFile write(CollectionReads reads, String collection, Path file) {
        DocumentFileWriter[] writer = { DocumentFileWriter.create(collection, file) };
        try {
            String read = reads.readAll(collection, () -> {
                writer[0].close();
                delete(file);
                writer[0] = DocumentFileWriter.create(collection, file);
            }, document -> writer[0].write(document));
            return writer[0].finish(read);
        }
        finally {
            writer[0].close();
        }
    }

    private static Path workingDirectory(Path dir) {
        if (Files.isDirectory(dir)) {
            if (!BackupDirectory.isEmptyDirectory(dir)) {
                throw new BackupException(dir + " is not empty: back up into a new or empty directory");
            }
            return dir;
        }
        if (Files.exists(dir)) {
            throw new BackupException(dir + " is a file: back up into a new or empty directory");
        }
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        if (Files.exists(partial)) {
            BackupDirectory.deleteRecursively(partial); // what an interrupted backup left
        }
        BackupDirectory.createDirectories(partial);
        return partial;
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        }
        catch (java.io.IOException ex) {
            throw new BackupException("cannot delete " + file + ": " + DocumentFiles.describe(ex));
        }
    }

    /** A finished backup: where, what, and how long it took. */
    public record Result(Path dir, Manifest manifest, Duration took) {
    }
}

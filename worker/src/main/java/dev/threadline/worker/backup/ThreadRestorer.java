package dev.threadline.worker.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.threadline.common.Ids;
import dev.threadline.common.store.StoreSchema;
import org.bson.BsonDocument;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Brings one thread back from an archive (or a backup): the newest archive under the given directory
 * that lists it, checked against its manifest; its documents are written by {@code _id} (so a restore
 * interrupted and run again ends the same), the thread itself last, so it appears with its whole history.
 */
@Component
public class ThreadRestorer {

    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoTemplate mongo;
    private final StoreSchema schema;
    private final JsonMapper json;

    ThreadRestorer(MongoTemplate mongo, StoreSchema schema, JsonMapper json) {
        this.mongo = mongo;
        this.schema = schema;
        this.json = json;
    }

    public Result restore(String threadId, Path from) {
        if (!Ids.isValid(threadId)) {
            throw new BackupException("'" + threadId + "' is not a thread id (24 lowercase hex characters)");
        }
        Located located = locate(threadId, from);
        BackupDirectory.verify(located.dir(), located.manifest());
        BsonDocument thread = threadIn(located, threadId).orElseThrow(() ->
                new BackupException(located.dir() + " does not hold thread " + threadId + " though its manifest lists it"));
        if (collection(ThreadDocuments.THREADS).find(Filters.eq("_id", thread.get("_id"))).first() != null) {
            throw new BackupException("thread " + threadId + " is in the store already: nothing to restore");
        }
        schema.create();
        Map<String, Long> restored = new LinkedHashMap<>();
        for (CollectionFile listed : located.manifest().collections()) {
            if (ThreadDocuments.PER_THREAD.contains(listed.collection())) {
                MongoCollection<BsonDocument> target = collection(listed.collection());
                long[] count = { 0 };
                DocumentFiles.read(BackupDirectory.fileOf(located.dir(), listed), document -> {
                    if (threadId.equals(ThreadDocuments.threadIdOf(document))) {
                        target.replaceOne(Filters.eq("_id", document.get("_id")), document, UPSERT);
                        count[0]++;
                    }
                });
                restored.put(listed.collection(), count[0]);
            }
        }
        collection(ThreadDocuments.THREADS).replaceOne(Filters.eq("_id", thread.get("_id")), thread, UPSERT);
        return new Result(threadId, located.dir(), restored);
    }

    /** The newest archive that lists the thread; failing that, the newest backup whose threads hold it. */
    private Located locate(String threadId, Path from) {
        List<Located> candidates = new ArrayList<>();
        for (Path dir : directories(from)) {
            candidates.add(new Located(dir, BackupDirectory.open(dir, json)));
        }
        candidates.sort(Comparator.comparing((Located located) -> located.manifest().finishedAt()).reversed());
        return candidates.stream().filter(located -> located.manifest().threadIds().contains(threadId)).findFirst()
                .or(() -> candidates.stream().filter(located -> Manifest.BACKUP.equals(located.manifest().kind()))
                        .filter(located -> threadIn(located, threadId).isPresent()).findFirst())
                .orElseThrow(() -> new BackupException("no archive in " + from + " holds thread " + threadId));
    }

    private static Optional<BsonDocument> threadIn(Located located, String threadId) {
        List<BsonDocument> found = new ArrayList<>(1);
        located.manifest().collections().stream().filter(listed -> listed.collection().equals(ThreadDocuments.THREADS))
                .findFirst().ifPresent(listed -> DocumentFiles.read(BackupDirectory.fileOf(located.dir(), listed),
                        document -> {
                            if (threadId.equals(ThreadDocuments.idOf(document))) {
                                found.add(document);
                            }
                        }));
        return found.stream().findFirst();
    }

    /** The directory itself when it is an archive or backup, otherwise the complete ones in it. */
    private static List<Path> directories(Path from) {
        BackupDirectory.requireDirectory(from);
        if (Files.isRegularFile(from.resolve(BackupDirectory.MANIFEST))) {
            return List.of(from);
        }
        try (Stream<Path> entries = Files.list(from)) {
            List<Path> dirs = entries.filter(entry -> Files.isRegularFile(entry.resolve(BackupDirectory.MANIFEST)))
                    .sorted().toList();
            if (dirs.isEmpty()) {
                throw new BackupException(from + " holds no archive or backup");
            }
            return dirs;
        }
        catch (IOException ex) {
            throw new BackupException("cannot read " + from + ": " + DocumentFiles.describe(ex));
        }
    }

    private MongoCollection<BsonDocument> collection(String name) {
        return mongo.getDb().getCollection(name, BsonDocument.class);
    }

    private record Located(Path dir, Manifest manifest) {
    }

    /** A thread brought back: from which archive, with how many documents of each per-thread collection. */
    public record Result(String threadId, Path from, Map<String, Long> documents) {
    }
}

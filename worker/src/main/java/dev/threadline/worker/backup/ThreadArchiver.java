package dev.threadline.worker.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Moves threads nobody touched for a while out of the hot store, into archive directories in the backup
 * format (each at most {@code threads-per-archive} threads). The order makes it crash-safe and idempotent:
 * an archive is written as {@code <name>.partial}, renamed once its manifest is written, read back and
 * checked, and only then are its threads removed — each thread only if it is unchanged since it was
 * archived, and only the documents the archive holds. A {@code removed.json} marks an archive whose removal
 * finished; a run that finds an archive without it (a crash in between) finishes that removal first.
 */
@Component
public class ThreadArchiver {

    static final String REMOVED = "removed.json";
    private static final String PARTIAL = ".partial";
    private static final int IDS_PER_DELETE = 1000;
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'archive-'yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final List<String> PENDING = Arrays.stream(RunStatus.values()).filter(status -> !status.isTerminal())
            .map(Enum::name).toList();

    private final MongoTemplate mongo;
    private final ArchiveProperties properties;
    private final JsonMapper json;

    ThreadArchiver(MongoTemplate mongo, ArchiveProperties properties, JsonMapper json) {
        this.mongo = mongo;
        this.properties = properties;
        this.json = json;
    }

    public Result archive(Path root, @Nullable Duration olderThan) {
        Duration age = olderThan == null ? properties.olderThan() : olderThan;
        Instant cutoff = Instant.now().minus(age);
        BackupDirectory.createDirectories(root);
        List<Archived> finished = new ArrayList<>();
        for (Path pending : pendingArchives(root)) {
            finished.add(remove(pending));
        }
        List<Archived> archived = new ArrayList<>();
        BsonValue after = null;
        while (true) {
            List<RawBsonDocument> page = untouched(cutoff, after);
            if (page.isEmpty()) {
                break;
            }
            after = page.getLast().get("_id");
            List<RawBsonDocument> threads = page.stream().filter(thread -> idle(thread, cutoff)).toList();
            if (!threads.isEmpty()) {
                archived.add(remove(write(root, threads, cutoff)));
            }
        }
        return new Result(root, age, finished, archived);
    }

    /** Threads last updated before the cutoff and with no active run, in {@code _id} order after {@code after}. */
    private List<RawBsonDocument> untouched(Instant cutoff, @Nullable BsonValue after) {
        Bson filter = Filters.and(Filters.lt("updatedAt", Date.from(cutoff)), Filters.eq("activeRunId", null));
        if (after != null) {
            filter = Filters.and(filter, Filters.gt("_id", after));
        }
        return collection(ThreadDocuments.THREADS).find(filter).sort(Sorts.ascending("_id"))
                .limit(properties.threadsPerArchive()).into(new ArrayList<>());
    }

    /** No run of the thread waits or runs, and no message of it is newer than the cutoff. */
    private boolean idle(BsonDocument thread, Instant cutoff) {
        String threadId = ThreadDocuments.idOf(thread);
        Bson ofThread = Filters.eq(ThreadDocuments.THREAD_ID, threadId);
        return collection(Run.COLLECTION)
                .find(Filters.and(ofThread, Filters.in("status", PENDING))).first() == null
                && collection(Message.COLLECTION)
                        .find(Filters.and(ofThread, Filters.gte("createdAt", Date.from(cutoff)))).first() == null;
    }

    private Path write(Path root, List<RawBsonDocument> threads, Instant cutoff) {
        Instant startedAt = Instant.now();
        String name = uniqueName(root, startedAt);
        Path partial = root.resolve(name + PARTIAL);
        BackupDirectory.createDirectories(partial);
        Map<String, DocumentFileWriter> writers = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String collection : allCollections()) {
            writers.put(collection, DocumentFileWriter.create(collection,
                    partial.resolve(BackupDirectory.fileName(collection, taken))));
        }
        List<String> threadIds = new ArrayList<>();
        try {
            for (RawBsonDocument thread : threads) {
                String threadId = ThreadDocuments.idOf(thread);
                threadIds.add(threadId);
                writers.get(ThreadDocuments.THREADS).write(thread);
                for (String collection : ThreadDocuments.PER_THREAD) {
                    try (MongoCursor<RawBsonDocument> documents = collection(collection)
                            .find(Filters.eq(ThreadDocuments.THREAD_ID, threadId)).sort(Sorts.ascending("_id"))
                            .batchSize(CollectionReads.BATCH).iterator()) {
                        documents.forEachRemaining(writers.get(collection)::write);
                    }
                }
            }
            List<CollectionFile> files = writers.values().stream()
                    .map(writer -> writer.finish(CollectionReads.CURSOR)).toList();
            BackupDirectory.writeManifest(partial, Manifest.archive(mongo.getDb().getName(), startedAt, files, threadIds,
                    cutoff), json);
        }
        finally {
            writers.values().forEach(DocumentFileWriter::close);
        }
        Path archive = root.resolve(name);
        BackupDirectory.move(partial, archive);
        return archive;
    }

    /**
     * Reads the archive back (checksums, every document, counts), then removes each of its threads that is
     * unchanged since: the thread first, so no new run can be reserved on it, then the documents of it the
     * archive holds. A thread touched meanwhile stays, whole.
     */
    private Archived remove(Path archive) {
        Manifest manifest = BackupDirectory.openVerified(archive, json);
        Map<String, BsonDocument> threads = new LinkedHashMap<>();
        Map<String, Map<String, List<BsonValue>>> children = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (CollectionFile listed : manifest.collections()) {
            Path file = BackupDirectory.fileOf(archive, listed);
            long read = DocumentFiles.read(file, document -> {
                if (listed.collection().equals(ThreadDocuments.THREADS)) {
                    threads.put(ThreadDocuments.idOf(document), document);
                }
                else {
                    children.computeIfAbsent(ThreadDocuments.threadIdOf(document), id -> new LinkedHashMap<>())
                            .computeIfAbsent(listed.collection(), name -> new ArrayList<>()).add(document.get("_id"));
                }
            });
            if (read != listed.documents()) {
                throw new BackupException(file + " holds " + read + " documents, its manifest says " + listed.documents());
            }
            if (!listed.collection().equals(ThreadDocuments.THREADS)) {
                counts.put(listed.collection(), read);
            }
        }
        if (!threads.keySet().equals(new HashSet<>(manifest.threadIds()))) {
            throw new BackupException(archive + " does not hold the threads its manifest lists");
        }
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, BsonDocument> thread : threads.entrySet()) {
            if (!removeThread(thread.getValue(), children.getOrDefault(thread.getKey(), Map.of()))) {
                kept.add(thread.getKey());
            }
        }
        BackupDirectory.writeJson(archive.resolve(REMOVED), new Removal(Instant.now(), threads.size() - kept.size(), kept),
                json);
        return new Archived(archive, manifest.threadIds().size(), counts, kept);
    }

    private boolean removeThread(BsonDocument thread, Map<String, List<BsonValue>> children) {
        MongoCollection<RawBsonDocument> threads = collection(ThreadDocuments.THREADS);
        BsonValue id = thread.get("_id");
        Bson unchanged = Filters.and(Filters.eq("_id", id), same(thread, "runCounter"), same(thread, "updatedAt"),
                Filters.eq("activeRunId", null));
        if (threads.deleteOne(unchanged).getDeletedCount() == 0 && threads.find(Filters.eq("_id", id)).first() != null) {
            return false;
        }
        String threadId = ThreadDocuments.idOf(thread);
        children.forEach((collection, ids) -> {
            for (int from = 0; from < ids.size(); from += IDS_PER_DELETE) {
                collection(collection).deleteMany(Filters.and(Filters.eq(ThreadDocuments.THREAD_ID, threadId),
                        Filters.in("_id", ids.subList(from, Math.min(ids.size(), from + IDS_PER_DELETE)))));
            }
        });
        return true;
    }

    private static Bson same(BsonDocument document, String field) {
        BsonValue value = document.get(field);
        return value == null ? Filters.exists(field, false) : Filters.eq(field, value);
    }

    /** Complete archives whose removal did not finish; left-over {@code .partial} directories are deleted. */
    private static List<Path> pendingArchives(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            List<Path> pending = new ArrayList<>();
            for (Path entry : entries.sorted().toList()) {
                if (entry.getFileName().toString().endsWith(PARTIAL)) {
                    BackupDirectory.deleteRecursively(entry);
                }
                else if (Files.isRegularFile(entry.resolve(BackupDirectory.MANIFEST))
                        && !Files.exists(entry.resolve(REMOVED))) {
                    pending.add(entry);
                }
            }
            return pending;
        }
        catch (IOException ex) {
            throw new BackupException("cannot read " + root + ": " + DocumentFiles.describe(ex));
        }
    }

    private static String uniqueName(Path root, Instant at) {
        String base = NAME.format(at);
        String name = base;
        for (int n = 2; Files.exists(root.resolve(name)) || Files.exists(root.resolve(name + PARTIAL)); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    private static List<String> allCollections() {
        List<String> collections = new ArrayList<>(List.of(ThreadDocuments.THREADS));
        collections.addAll(ThreadDocuments.PER_THREAD);
        return collections;
    }

    private MongoCollection<RawBsonDocument> collection(String name) {
        MongoDatabase database = mongo.getDb();
        return database.getCollection(name, RawBsonDocument.class);
    }

    /** What {@code removed.json} records once an archive's threads are out of the store. */
    record Removal(Instant removedAt, int threadsRemoved, List<String> threadsKeptBecauseTouched) {
    }

    /** One archive directory: its threads, its documents by collection, and the threads kept because they changed. */
    public record Archived(Path dir, int threads, Map<String, Long> documents, List<String> kept) {
    }

    /** A finished {@code --archive}: archives whose interrupted removal was finished, and the new ones. */
    public record Result(Path root, Duration olderThan, List<Archived> finished, List<Archived> archived) {
    }
}

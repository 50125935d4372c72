package dev.threadline.worker.backup;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a backup or archive directory holds: its collections' files with counts and checksums, when it was
 * taken, and the format's version. An archive also lists its threads and the time they were untouched since.
 */
public record Manifest(String format, int formatVersion, String kind, String database, Instant startedAt,
        Instant finishedAt, List<CollectionFile> collections, List<String> threadIds, @Nullable Instant untouchedSince) {

    static final String FORMAT = "threadline-backup";
    static final int FORMAT_VERSION = 1;
    static final String BACKUP = "backup";
    static final String ARCHIVE = "archive";

    public Manifest {
        collections = List.copyOf(collections);
        threadIds = threadIds == null ? List.of() : List.copyOf(threadIds);
    }

    static Manifest backup(String database, Instant startedAt, List<CollectionFile> collections) {
        return new Manifest(FORMAT, FORMAT_VERSION, BACKUP, database, startedAt, Instant.now(), collections, List.of(),
                null);
    }

    static Manifest archive(String database, Instant startedAt, List<CollectionFile> collections, List<String> threadIds,
            Instant untouchedSince) {
        return new Manifest(FORMAT, FORMAT_VERSION, ARCHIVE, database, startedAt, Instant.now(), collections, threadIds,
                untouchedSince);
    }
}

package dev.threadline.worker.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import dev.threadline.worker.backup.CollectionFile;
import dev.threadline.worker.backup.StoreBackup;
import dev.threadline.worker.backup.StoreRestore;
import dev.threadline.worker.backup.ThreadArchiver;
import dev.threadline.worker.backup.ThreadRestorer;
import org.springframework.stereotype.Component;

/** Carries out the backup, restore and archive commands and reports what they did, one line per step. */
@Component
class BackupCommands {

    private final StoreBackup backup;
    private final StoreRestore restore;
    private final ThreadArchiver archiver;
    private final ThreadRestorer threadRestorer;

    BackupCommands(StoreBackup backup, StoreRestore restore, ThreadArchiver archiver, ThreadRestorer threadRestorer) {
        this.backup = backup;
        this.restore = restore;
        this.archiver = archiver;
        this.threadRestorer = threadRestorer;
    }

    void backup(Command.Backup command, PrintStream out) {
        StoreBackup.Result result = backup.backup(command.dir());
        result.manifest().collections().forEach(file -> out.println(describe(file)));
        out.printf(Locale.ROOT, "backed up database %s to %s in %s: %s, %d documents, %s%n",
                result.manifest().database(), result.dir(), seconds(result.took()),
                collections(result.manifest().collections().size()),
                documents(result.manifest().collections()), size(bytes(result.manifest().collections())));
    }

    void restore(Command.Restore command, PrintStream out) {
        StoreRestore.Result result = restore.restore(command.dir(), command.force());
        result.manifest().collections().forEach(file -> out.println(describe(file)));
        out.printf(Locale.ROOT, "restored %s (taken %s) into database %s in %s: %s, %d documents%n",
                result.dir(), result.manifest().finishedAt().truncatedTo(ChronoUnit.SECONDS), result.database(),
                seconds(result.took()), collections(result.manifest().collections().size()),
                documents(result.manifest().collections()));
    }

    void archive(Command.Archive command, PrintStream out) {
        ThreadArchiver.Result result = archiver.archive(command.dir(), command.olderThan());
        result.finished().forEach(archived -> out.println("finished removing the threads of " + archived.dir() + ": "
                + describe(archived)));
        result.archived().forEach(archived -> out.println("archived to " + archived.dir() + ": " + describe(archived)));
        int threads = result.archived().stream().mapToInt(archived -> archived.threads() - archived.kept().size()).sum();
        out.println(threads == 0 && result.finished().isEmpty()
                ? "no thread untouched for " + age(result.olderThan()) + " to archive"
                : "removed " + threads(threads) + " untouched for " + age(result.olderThan()) + " from the store");
    }

    void restoreThread(Command.RestoreThread command, PrintStream out) {
        ThreadRestorer.Result result = threadRestorer.restore(command.threadId(), command.from());
        out.println("restored thread " + result.threadId() + " from " + result.from() + ": " + counts(result.documents()));
    }

    private static String describe(ThreadArchiver.Archived archived) {
        String kept = archived.kept().isEmpty() ? ""
                : "; " + archived.kept().size() + " touched meanwhile stayed in the store: " + String.join(",", archived.kept());
        return threads(archived.threads()) + "; " + counts(archived.documents()) + kept;
    }

    private static String describe(CollectionFile file) {
        return String.format(Locale.ROOT, "%-16s %9d documents %10s  %s", file.collection(), file.documents(),
                size(file.bytes()), file.read());
    }

    private static String counts(Map<String, Long> documents) {
        return documents.entrySet().stream().map(entry -> entry.getKey() + " " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String collections(int count) {
        return count == 1 ? "1 collection" : count + " collections";
    }

    private static String threads(int count) {
        return count == 1 ? "1 thread" : count + " threads";
    }

    private static long documents(List<CollectionFile> files) {
        return files.stream().mapToLong(CollectionFile::documents).sum();
    }

    private static long bytes(List<CollectionFile> files) {
        return files.stream().mapToLong(CollectionFile::bytes).sum();
    }

    private static String seconds(Duration took) {
        return String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
    }

    private static String age(Duration age) {
        return age.toHours() % 24 == 0 && age.toDays() > 0 ? age.toDays() + " days" : age.toString();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = { "KiB", "MiB", "GiB", "TiB" };
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}

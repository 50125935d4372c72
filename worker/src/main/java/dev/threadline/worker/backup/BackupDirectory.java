package dev.threadline.worker.backup;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A directory in the backup format: its manifest, written last (so a directory without one is an
 * incomplete backup), read and checked before anything is restored from it.
 */
final class BackupDirectory {

    static final String MANIFEST = "manifest.json";

    private BackupDirectory() {
    }

    /** The manifest of a complete backup or archive directory, whose files all match their checksums. */
    static Manifest openVerified(Path dir, JsonMapper json) {
        Manifest manifest = open(dir, json);
        verify(dir, manifest);
        return manifest;
    }

    static Manifest open(Path dir, JsonMapper json) {
        requireDirectory(dir);
        Path file = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            throw new BackupException(dir + " has no " + MANIFEST + ": not a complete Threadline backup");
        }
        Manifest manifest;
        try {
            manifest = json.readValue(file.toFile(), Manifest.class);
        }
        catch (JacksonException ex) {
            throw new BackupException(file + " is not a valid manifest: " + ex.getOriginalMessage());
        }
        if (!Manifest.FORMAT.equals(manifest.format())) {
            throw new BackupException(file + " is not a Threadline backup manifest (format '" + manifest.format() + "')");
        }
        if (manifest.formatVersion() > Manifest.FORMAT_VERSION) {
            throw new BackupException(dir + " was written in format version " + manifest.formatVersion()
                    + "; this Threadline reads up to version " + Manifest.FORMAT_VERSION);
        }
        return manifest;
    }

    static void requireDirectory(Path dir) {
        if (!Files.exists(dir)) {
            throw new BackupException(dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new BackupException(dir + " is not a directory");
        }
    }

    /** Checks every listed file against its size and SHA-256 before anything is read from it. */
    static void verify(Path dir, Manifest manifest) {
        for (CollectionFile listed : manifest.collections()) {
            Path file = fileOf(dir, listed);
            String actual = DocumentFiles.sha256(file);
            if (!actual.equals(listed.sha256())) {
                throw new BackupException("checksum mismatch: " + file + " is corrupt or was changed (sha256 "
                        + actual.substring(0, 12) + "…, the manifest says " + abbreviated(listed.sha256()) + "…)");
            }
        }
    }

    static Path fileOf(Path dir, CollectionFile listed) {
        Path file = dir.resolve(listed.file()).normalize();
        if (!file.getParent().equals(dir.normalize()) || !listed.file().endsWith(DocumentFileWriter.SUFFIX)) {
            throw new BackupException("the manifest of " + dir + " names a file outside it: " + listed.file());
        }
        return file;
    }

    static void writeManifest(Path dir, Manifest manifest, JsonMapper json) {
        writeJson(dir.resolve(MANIFEST), manifest, json);
    }

    /** Writes the file whole or not at all: into a temporary file, then renamed. */
    static void writeJson(Path file, Object value, JsonMapper json) {
        Path written = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            json.writerWithDefaultPrettyPrinter().writeValue(written.toFile(), value);
            move(written, file);
        }
        catch (JacksonException ex) {
            throw new BackupException("cannot write " + written + ": " + ex.getOriginalMessage());
        }
    }

    /** A file name for each collection, unique in the directory. */
    static String fileName(String collection, Set<String> taken) {
        String base = collection.replaceAll("[^A-Za-z0-9._-]", "_");
        String name = base + DocumentFileWriter.SUFFIX;
        for (int n = 2; taken.contains(name); n++) {
            name = base + "-" + n + DocumentFileWriter.SUFFIX;
        }
        taken.add(name);
        return name;
    }

    static boolean isEmptyDirectory(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
        catch (IOException ex) {
            throw new BackupException("cannot read " + dir + ": " + DocumentFiles.describe(ex));
        }
    }

    static void move(Path from, Path to) {
        try {
            try {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (AtomicMoveNotSupportedException ex) {
                Files.move(from, to);
            }
        }
        catch (IOException ex) {
            throw new BackupException("cannot move " + from + " to " + to + ": " + DocumentFiles.describe(ex));
        }
    }

    static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        }
        catch (IOException ex) {
            throw new BackupException("cannot create " + dir + ": " + DocumentFiles.describe(ex));
        }
    }

    static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
        catch (IOException ex) {
            throw new BackupException("cannot delete " + dir + ": " + DocumentFiles.describe(ex));
        }
    }

    private static String abbreviated(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }
}

package dev.threadline.standalone;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The local mode's data directory, owned by one running local mode at a time: a lock held for the
 * process's life, the development JWT secret (created once, so tokens survive a restart), and
 * {@value #ANNOUNCEMENT}, which tells other processes (a second local mode, the worker's command line)
 * where this one runs.
 */
final class DataDirectory implements AutoCloseable {

    static final String LOCK = "local-mode.lock";
    static final String SECRET = "dev-jwt-secret";
    /** Read by the worker's command line ({@code dev.threadline.worker.cli.LocalModeStore}): keep the keys. */
    static final String ANNOUNCEMENT = "local-mode.properties";

    /**
     * Directories locked by this JVM. A second lock attempt must not even open the lock file here: on POSIX
     * systems, closing any channel to a file drops every lock this process holds on it (see {@link FileLock}).
     */
    private static final Set<Path> HELD_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final Path directory;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path directory, Path key, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the directory for this process, before anything else starts, or throws
     * {@link LocalModeAlreadyRunningException} at once when another local mode holds it.
     */
    static DataDirectory lock(Path directory) {
        Path key = createDirectories(directory);
        if (!HELD_IN_THIS_JVM.add(key)) {
            throw new LocalModeAlreadyRunningException(alreadyRunning(directory));
        }
        try {
            FileChannel channel = openLockFile(key);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                closeQuietly(channel);
                throw new LocalModeAlreadyRunningException(alreadyRunning(directory));
            }
            DataDirectory data = new DataDirectory(directory, key, channel, lock);
            data.announce(null, null);
            return data;
        }
        catch (RuntimeException ex) {
            HELD_IN_THIS_JVM.remove(key);
            throw ex;
        }
    }

    Path path() {
        return directory;
    }

    /** The development JWT secret kept here: created once from secure random bytes, readable by the owner only. */
    String devSecret() {
        Path file = directory.resolve(SECRET);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file).strip();
                if (!kept.isEmpty()) {
                    return kept;
                }
            }
            String secret = LocalMode.generateSecret();
            replace(file, secret + "\n");
            return secret;
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot keep the development JWT secret in " + file + ": " + ex.getMessage(),
                    ex);
        }
    }

    /** Writes where this local mode runs; null values are left out (not known yet, or not embedded). */
    void announce(@Nullable String url, @Nullable String storeUri) {
        Properties announcement = new Properties();
        announcement.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
        if (url != null) {
            announcement.setProperty("url", url);
        }
        if (storeUri != null) {
            announcement.setProperty("mongodb.uri", storeUri);
        }
        try (Writer text = new java.io.StringWriter()) {
            announcement.store(text, "Threadline's local mode, while it runs (read by the worker's command line)");
            replace(directory.resolve(ANNOUNCEMENT), text.toString());
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot write " + directory.resolve(ANNOUNCEMENT) + ": " + ex.getMessage(),
                    ex);
        }
    }

    /** Removes the announcement, then lets the directory go. */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(directory.resolve(ANNOUNCEMENT));
        }
        catch (IOException ex) {
            // a stale announcement names a dead pid, which its readers ignore
        }
        try {
            lock.release();
        }
        catch (IOException ex) {
            // the channel's close below releases it too
        }
        closeQuietly(channel);
        HELD_IN_THIS_JVM.remove(key);
    }

    private static Path createDirectories(Path directory) {
        try {
            return Files.createDirectories(directory).toRealPath();
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot use the data directory " + directory.toAbsolutePath() + " ("
                    + ex.getMessage() + "): set THREADLINE_DATA_DIR to a writable directory", ex);
        }
    }

    private static FileChannel openLockFile(Path directory) {
        try {
            return FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Cannot open " + directory.resolve(LOCK) + ": " + ex.getMessage(), ex);
        }
    }

    private static @Nullable FileLock tryLock(FileChannel channel) {
        try {
            return channel.tryLock();
        }
        catch (OverlappingFileLockException ex) {
            return null; // held in this JVM through another path to the same file
        }
        catch (IOException ex) {
            closeQuietly(channel);
            throw new IllegalStateException("Cannot lock the data directory: " + ex.getMessage(), ex);
        }
    }

    private static String alreadyRunning(Path directory) {
        Properties announcement = readAnnouncement(directory);
        List<String> where = new ArrayList<>();
        where.add("data directory " + directory.toAbsolutePath().normalize());
        if (announcement.getProperty("pid") != null) {
            where.add("pid " + announcement.getProperty("pid"));
        }
        where.add(announcement.getProperty("url", "still starting"));
        return "Threadline's local mode is already running (" + String.join(", ", where)
                + "): use that one, stop it first, or set THREADLINE_DATA_DIR to another directory.";
    }

    private static Properties readAnnouncement(Path directory) {
        Properties announcement = new Properties();
        try (Reader reader = Files.newBufferedReader(directory.resolve(ANNOUNCEMENT))) {
            announcement.load(reader);
        }
        catch (IOException | IllegalArgumentException ex) {
            // not written yet, or half written: the message does without pid and URL
        }
        return announcement;
    }

    /** Writes a whole file at once (a temporary file moved over it), readable and writable by the owner only. */
    private void replace(Path file, String content) throws IOException {
        Path temporary = Files.createTempFile(directory, file.getFileName() + ".", ".tmp", ownerOnly());
        try {
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
                : new FileAttribute<?>[0];
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        }
        catch (IOException ex) {
            // nothing was written through it
        }
    }
}

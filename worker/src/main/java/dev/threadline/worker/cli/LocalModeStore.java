package dev.threadline.worker.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import org.jspecify.annotations.Nullable;

/**
 * The store of a local mode running from the same data directory, so the command line needs no
 * {@code MONGODB_URI} beside {@code ./run-local.sh}. The local mode (standalone module) writes
 * {@code local-mode.properties} there while it runs; only a live pid's file counts.
 */
final class LocalModeStore {

    private static final String ANNOUNCEMENT = "local-mode.properties";

    private LocalModeStore() {
    }

    /** The local mode's store URI when no store is configured and a local mode runs; empty otherwise. */
    static Optional<String> uri(String[] args, Map<String, String> environment) {
        if (storeConfigured(args, environment)) {
            return Optional.empty();
        }
        String dataDirectory = environment.getOrDefault("THREADLINE_DATA_DIR", "");
        Path file = Path.of(dataDirectory.isBlank() ? "data" : dataDirectory).resolve(ANNOUNCEMENT);
        Properties announcement = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            announcement.load(reader);
        }
        catch (IOException | IllegalArgumentException ex) {
            return Optional.empty(); // no local mode here: the configured default applies
        }
        return running(announcement.getProperty("pid")) ? Optional.ofNullable(announcement.getProperty("mongodb.uri"))
                : Optional.empty();
    }

    private static boolean storeConfigured(String[] args, Map<String, String> environment) {
        for (String arg : args) {
            if (arg.startsWith("--spring.mongodb.uri=")) {
                return true;
            }
        }
        return hasText(environment.get("MONGODB_URI")) || hasText(environment.get("SPRING_MONGODB_URI"))
                || hasText(System.getProperty("spring.mongodb.uri"));
    }

    private static boolean running(@Nullable String pid) {
        try {
            return pid != null && ProcessHandle.of(Long.parseLong(pid.strip())).map(ProcessHandle::isAlive).orElse(false);
        }
        catch (NumberFormatException ex) {
            return false;
        }
    }

    private static boolean hasText(@Nullable String value) {
        return value != null && !value.isBlank();
    }
}

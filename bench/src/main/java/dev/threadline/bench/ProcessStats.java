package dev.threadline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** CPU time and resident memory of a process, read from {@code /proc} (Linux). */
record ProcessStats(long pid) {

    private static final double CLOCK_TICKS = 100.0;

    /** User plus system CPU seconds since the process started. */
    double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
        }
        catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** Resident set size in bytes. */
    long rssBytes() {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmRSS:")).findFirst()
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).orElse(0L);
        }
        catch (IOException | RuntimeException gone) {
            return 0;
        }
    }

    /** The machine's RabbitMQ (its Erlang VM), when it runs here. */
    static Optional<ProcessStats> rabbitMq() {
        return ProcessHandle.allProcesses().filter(process -> process.info().command().orElse("").endsWith("beam.smp"))
                .findFirst().map(process -> new ProcessStats(process.pid()));
    }
}

package dev.threadline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The benchmark's findings as Markdown: a heading and a table per scenario, printed as they come and saved. */
final class Report {

    private final StringBuilder text = new StringBuilder();
    private final List<String> problems = new ArrayList<>();

    void paragraph(String line) {
        append(line + "\n\n");
    }

    void table(String heading, List<String> columns, List<List<String>> rows) {
        StringBuilder table = new StringBuilder("### " + heading + "\n\n| " + String.join(" | ", columns) + " |\n|");
        columns.forEach(column -> table.append(" --- |"));
        table.append('\n');
        rows.forEach(row -> table.append("| ").append(String.join(" | ", row)).append(" |\n"));
        append(table.append('\n').toString());
    }

    /** Something that went wrong in a run: it is reported, and the command exits non-zero. */
    void problem(String description) {
        problems.add(description);
        append("**Problem:** " + description + "\n\n");
    }

    List<String> problems() {
        return List.copyOf(problems);
    }

    String text() {
        return text.toString();
    }

    void save(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
    }

    private synchronized void append(String part) {
        text.append(part);
        System.out.print(part);
        System.out.flush();
    }

    static String millis(double value) {
        return value >= 100 ? "%.0f ms".formatted(value) : "%.1f ms".formatted(value);
    }

    /** CPU microseconds per token of each named process, and of them all together: "gateway 13 / worker 35 = 48". */
    static String microsPerToken(Map<String, ResourceMeter.Usage> usage, long tokens, List<String> processes) {
        List<String> parts = new ArrayList<>();
        double total = 0;
        for (String process : processes) {
            ResourceMeter.Usage used = usage.get(process);
            if (used != null) {
                parts.add("%s %.0f".formatted(process, used.microsPer(tokens)));
                total += used.microsPer(tokens);
            }
            else {
                parts.add(process + " n/a");
            }
        }
        return String.join(" / ", parts) + (processes.size() > 1 ? " = %.0f".formatted(total) : "");
    }

    static String usage(Map<String, ResourceMeter.Usage> usage, String process) {
        ResourceMeter.Usage used = usage.get(process);
        return used == null ? "n/a" : "%.0f%% / %.0f MiB".formatted(used.cpuPercent(), used.peakRssMiB());
    }
}

package dev.threadline.worker.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.threadline.worker.WorkerApplication;

/** One run of the worker's command line through its entry point, with what it printed and its exit code. */
record CommandLineRun(int code, String out, String err) {

    static CommandLineRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WorkerCommandLine.execute(args, Map.of(), WorkerApplication::builder,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLineRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    List<String> lines() {
        return out.lines().toList();
    }

    /** The one line printed on the error stream. */
    String error() {
        List<String> lines = err.lines().toList();
        if (lines.size() != 1) {
            throw new AssertionError("expected one error line, got: " + err);
        }
        return lines.get(0);
    }

    @Override
    public String toString() {
        return "exit " + code + "\n" + out + err;
    }
}

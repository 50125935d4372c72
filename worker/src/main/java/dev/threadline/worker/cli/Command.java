package dev.threadline.worker.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/** A command of the worker's command line (PROTOCOL.md §7), run instead of the consumer. */
sealed interface Command {

    /** @param toolApprovals {@code always} or {@code never} by tool name ({@code --tool-approval}) */
    record CreateAssistant(String name, String model, String instructions, List<String> delegates, List<String> tools,
            @Nullable String description, @Nullable Double temperature, Map<String, String> toolApprovals)
            implements Command {
    }

    record CreateAssistants() implements Command {
    }

    record DeleteAssistant(String idOrName) implements Command {
    }

    record ListAssistants() implements Command {
    }

    record GenerateThread(String user) implements Command {
    }

    record Backup(Path dir) implements Command {
    }

    record Restore(Path dir, boolean force) implements Command {
    }

    /** @param olderThan {@code null}: {@code threadline.archive.older-than} */
    record Archive(Path dir, @Nullable Duration olderThan) implements Command {
    }

    record RestoreThread(String threadId, Path from) implements Command {
    }

    record ReindexSearch() implements Command {
    }

    /** Needs neither the store nor the broker: only the local issuer's secret. */
    record IssueToken(String user, List<String> scopes, int hours) implements Command {
    }
}

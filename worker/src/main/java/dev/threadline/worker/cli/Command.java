package dev.threadline.worker.cli;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A command of the worker's command line (PROTOCOL.md §7), run instead of the consumer. */
sealed interface Command {

    record CreateAssistant(String name, String model, String instructions, List<String> delegates, List<String> tools,
            @Nullable String description, @Nullable Double temperature) implements Command {
    }

    record CreateAssistants() implements Command {
    }

    record DeleteAssistant(String idOrName) implements Command {
    }

    record ListAssistants() implements Command {
    }

    record GenerateThread(String user) implements Command {
    }
}

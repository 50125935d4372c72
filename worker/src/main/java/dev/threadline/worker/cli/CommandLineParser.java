package dev.threadline.worker.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the worker's own flags. Spring arguments ({@code --spring.*}, {@code --threadline.*}, {@code --server.*},
 * {@code --logging.*}) pass through; no command flag means "run the consumer".
 */
final class CommandLineParser {

    private static final Set<String> COMMANDS = Set.of("--create-assistant", "--create-assistants",
            "--delete-assistant", "--list-assistants", "--generate-thread");
    private static final Set<String> OPTIONS = Set.of("--name", "--model", "--instructions", "--delegates", "--tools",
            "--description", "--temperature", "--user");
    private static final List<String> SPRING_PREFIXES = List.of("--spring.", "--threadline.", "--server.", "--logging.",
            "--management.");

    private CommandLineParser() {
    }

    static Optional<Command> parse(String[] args) {
        List<String> own = Arrays.stream(args).filter(arg -> SPRING_PREFIXES.stream().noneMatch(arg::startsWith)).toList();
        List<String> commands = own.stream().filter(COMMANDS::contains).toList();
        if (commands.isEmpty()) {
            if (!own.isEmpty()) {
                throw new IllegalArgumentException("unknown argument '" + own.get(0) + "'");
            }
            return Optional.empty();
        }
        if (commands.size() > 1) {
            throw new IllegalArgumentException("give one command, not " + commands);
        }
        String command = commands.get(0);
        Map<String, String> options = new HashMap<>();
        String positional = null;
        for (int i = 0; i < own.size(); i++) {
            String arg = own.get(i);
            if (arg.equals(command)) {
                if (command.equals("--delete-assistant") && i + 1 < own.size() && !own.get(i + 1).startsWith("--")) {
                    positional = own.get(++i);
                }
                continue;
            }
            if (!OPTIONS.contains(arg)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            if (i + 1 >= own.size() || own.get(i + 1).startsWith("--")) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            options.put(arg, own.get(++i));
        }
        return Optional.of(switch (command) {
            case "--create-assistant" -> new Command.CreateAssistant(required(options, "--name"),
                    required(options, "--model"), required(options, "--instructions"), list(options.get("--delegates")),
                    list(options.get("--tools")), options.get("--description"), temperature(options.get("--temperature")));
            case "--create-assistants" -> new Command.CreateAssistants();
            case "--delete-assistant" -> {
                if (positional == null) {
                    throw new IllegalArgumentException("--delete-assistant needs an assistant id or name");
                }
                yield new Command.DeleteAssistant(positional);
            }
            case "--list-assistants" -> new Command.ListAssistants();
            default -> new Command.GenerateThread(options.getOrDefault("--user", "dev"));
        });
    }

    private static String required(Map<String, String> options, String option) {
        String value = options.get(option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--create-assistant needs " + option);
        }
        return value;
    }

    private static List<String> list(String value) {
        List<String> items = new ArrayList<>();
        if (value != null) {
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    items.add(item.strip());
                }
            }
        }
        return items;
    }

    private static Double temperature(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Double.parseDouble(value);
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException("--temperature must be a number");
        }
    }
}

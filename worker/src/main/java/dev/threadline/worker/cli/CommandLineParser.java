package dev.threadline.worker.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/**
 * Parses the worker's own flags. Spring arguments ({@code --spring.*}, {@code --threadline.*}, {@code --server.*},
 * {@code --logging.*}) pass through; no command flag means "run the consumer".
 */
final class CommandLineParser {

    /** Each command with the value it takes (null: none) and the options it accepts. */
    private static final Map<String, Spec> COMMANDS = Map.ofEntries(
            Map.entry("--create-assistant", new Spec(null, Set.of("--name", "--model", "--instructions", "--delegates",
                    "--tools", "--description", "--temperature", "--tool-approval"))),
            Map.entry("--create-assistants", new Spec(null, Set.of())),
            Map.entry("--delete-assistant", new Spec("an assistant id or name", Set.of())),
            Map.entry("--list-assistants", new Spec(null, Set.of())),
            Map.entry("--generate-thread", new Spec(null, Set.of("--user"))),
            Map.entry("--backup", new Spec("a directory", Set.of())),
            Map.entry("--restore", new Spec("a directory", Set.of("--force"))),
            Map.entry("--archive", new Spec("a directory", Set.of("--older-than"))),
            Map.entry("--restore-thread", new Spec("a thread id", Set.of("--from"))),
            Map.entry("--reindex-search", new Spec(null, Set.of())),
            Map.entry("--issue-token", new Spec(null, Set.of("--user", "--scope", "--hours"))));
    private static final Set<String> FLAGS = Set.of("--force");
    private static final Set<String> OPTIONS = Set.of("--name", "--model", "--instructions", "--delegates", "--tools",
            "--description", "--temperature", "--tool-approval", "--user", "--force", "--older-than", "--from", "--scope",
            "--hours");
    /** A scope token of RFC 6749 §3.3: printable ASCII except space, double quote and backslash. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");
    static final int DEFAULT_TOKEN_HOURS = 1;
    static final int MAX_TOKEN_HOURS = 720;
    private static final List<String> SPRING_PREFIXES = List.of("--spring.", "--threadline.", "--server.", "--logging.",
            "--management.");

    private CommandLineParser() {
    }

    static Optional<Command> parse(String[] args) {
        List<String> own = Arrays.stream(args).filter(arg -> SPRING_PREFIXES.stream().noneMatch(arg::startsWith)).toList();
        List<String> commands = own.stream().filter(COMMANDS::containsKey).toList();
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
        Spec spec = COMMANDS.get(command);
        Map<String, String> options = new HashMap<>();
        Set<String> flags = new HashSet<>();
        String positional = null;
        for (int i = 0; i < own.size(); i++) {
            String arg = own.get(i);
            if (arg.equals(command)) {
                if (spec.value() != null && i + 1 < own.size() && !own.get(i + 1).startsWith("--")) {
                    positional = own.get(++i);
                }
                continue;
            }
            if (!OPTIONS.contains(arg)) {
                throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
            if (!spec.options().contains(arg)) {
                throw new IllegalArgumentException(arg + " is not an option of " + command);
            }
            if (FLAGS.contains(arg)) {
                flags.add(arg);
                continue;
            }
            if (i + 1 >= own.size() || own.get(i + 1).startsWith("--")) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            options.put(arg, own.get(++i));
        }
        if (spec.value() != null && positional == null) {
            throw new IllegalArgumentException(command + " needs " + spec.value());
        }
        return Optional.of(switch (command) {
            case "--create-assistant" -> new Command.CreateAssistant(required(options, "--name"),
                    required(options, "--model"), required(options, "--instructions"), list(options.get("--delegates")),
                    list(options.get("--tools")), options.get("--description"), temperature(options.get("--temperature")),
                    approvals(options.get("--tool-approval")));
            case "--create-assistants" -> new Command.CreateAssistants();
            case "--delete-assistant" -> new Command.DeleteAssistant(positional);
            case "--list-assistants" -> new Command.ListAssistants();
            case "--backup" -> new Command.Backup(Path.of(positional));
            case "--restore" -> new Command.Restore(Path.of(positional), flags.contains("--force"));
            case "--archive" -> new Command.Archive(Path.of(positional), age(options.get("--older-than")));
            case "--reindex-search" -> new Command.ReindexSearch();
            case "--issue-token" -> issueToken(options);
            case "--restore-thread" -> {
                String from = options.get("--from");
                if (from == null) {
                    throw new IllegalArgumentException("--restore-thread needs --from <archive directory>");
                }
                yield new Command.RestoreThread(positional, Path.of(from));
            }
            default -> new Command.GenerateThread(options.getOrDefault("--user", "dev"));
        });
    }

    private static Command.IssueToken issueToken(Map<String, String> options) {
        String user = options.get("--user");
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("--issue-token needs --user <sub>");
        }
        List<String> scopes = new ArrayList<>();
        for (String scope : options.getOrDefault("--scope", "").strip().split("\\s+")) {
            if (scope.isEmpty()) {
                continue;
            }
            if (!SCOPE_TOKEN.matcher(scope).matches()) {
                throw new IllegalArgumentException("--scope takes scope names separated by spaces, not '" + scope
                        + "'");
            }
            scopes.add(scope);
        }
        return new Command.IssueToken(user.strip(), List.copyOf(scopes), hours(options.get("--hours")));
    }

    private static int hours(@Nullable String value) {
        if (value == null) {
            return DEFAULT_TOKEN_HOURS;
        }
        try {
            int hours = Integer.parseInt(value.strip());
            if (hours >= 1 && hours <= MAX_TOKEN_HOURS) {
                return hours;
            }
        }
        catch (NumberFormatException ex) {
            // refused below
        }
        throw new IllegalArgumentException("--hours must be a whole number from 1 to " + MAX_TOKEN_HOURS + ", not '"
                + value + "'");
    }

    private static String required(Map<String, String> options, String option) {
        String value = options.get(option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--create-assistant needs " + option);
        }
        return value;
    }

    private static List<String> list(@Nullable String value) {
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

    /** {@code tool=always|never[,tool=...]}: the approval setting of each named tool. */
    private static Map<String, String> approvals(@Nullable String value) {
        Map<String, String> approvals = new LinkedHashMap<>();
        for (String item : list(value)) {
            String[] pair = item.split("=", 2);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new IllegalArgumentException("--tool-approval takes tool=always or tool=never, not '" + item + "'");
            }
            approvals.put(pair[0].strip(), pair[1].strip());
        }
        return approvals;
    }

    private static @Nullable Double temperature(@Nullable String value) {
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

    private static @Nullable Duration age(@Nullable String value) {
        if (value == null) {
            return null;
        }
        Duration age;
        try {
            age = DurationStyle.detectAndParse(value);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("--older-than must be a duration such as 90d, 36h or P90D, not '" + value + "'");
        }
        if (age.isNegative() || age.isZero()) {
            throw new IllegalArgumentException("--older-than must be positive, not '" + value + "'");
        }
        return age;
    }

    private record Spec(@Nullable String value, Set<String> options) {
    }
}

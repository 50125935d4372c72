package dev.threadline.worker.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import dev.threadline.worker.backup.BackupException;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;

/**
 * The worker's command line: runs one command against the store instead of the consumer, prints its
 * result, and answers with an exit code — 0, or 1 with one {@code error:} line (2 for a bad command line).
 * No broker connection is made; {@code --issue-token} needs no store either ({@link TokenCommand}). Without a configured store it uses the one of a local mode running from
 * the data directory ({@link LocalModeStore}). The caller hands in the worker application to start, so
 * this package depends on nothing above it.
 */
public final class WorkerCommandLine {

    private WorkerCommandLine() {
    }

    /** The command the arguments name, if any; a malformed command line throws {@link IllegalArgumentException}. */
    public static Optional<Command> command(String[] args) {
        return CommandLineParser.parse(args);
    }

    /**
     * Runs the command the arguments name in the application {@code worker} builds, and returns the exit
     * code; -1 when they name none (run the consumer).
     */
    public static int execute(String[] args, Supplier<SpringApplicationBuilder> worker, PrintStream out,
            PrintStream err) {
        return execute(args, System.getenv(), worker, out, err);
    }

    /** As {@link #execute(String[], Supplier, PrintStream, PrintStream)}, with the environment handed in. */
    static int execute(String[] args, Map<String, String> environment, Supplier<SpringApplicationBuilder> worker,
            PrintStream out, PrintStream err) {
        Optional<Command> command;
        try {
            command = CommandLineParser.parse(args);
        }
        catch (IllegalArgumentException ex) {
            err.println("error: " + ex.getMessage());
            return 2;
        }
        if (command.isEmpty()) {
            return -1;
        }
        if (command.get() instanceof Command.IssueToken issue) {
            return TokenCommand.run(issue, args, environment, out, err);
        }
        List<String> springArgs = new ArrayList<>(List.of(args));
        springArgs.addAll(List.of("--spring.rabbitmq.listener.simple.auto-startup=false",
                "--threadline.assistants.seed-defaults=false", "--threadline.store.initialize-schema=false",
                "--spring.main.banner-mode=off",
                "--logging.level.root=ERROR", "--logging.level.org.springframework.boot.SpringApplication=OFF",
                "--threadline.cli.active=true"));
        LocalModeStore.uri(args, environment).ifPresent(uri -> springArgs.add("--spring.mongodb.uri=" + uri));
        try (ConfigurableApplicationContext context = worker.get().logStartupInfo(false)
                .run(springArgs.toArray(String[]::new))) {
            context.getBean(Commands.class).run(command.get(), out);
            return 0;
        }
        catch (IllegalArgumentException | BackupException ex) {
            err.println("error: " + ex.getMessage());
            return 1;
        }
        catch (DataAccessException | MongoTimeoutException | MongoSocketException ex) {
            err.println("error: the store is unreachable (MONGODB_URI): " + rootMessage(ex));
            return 1;
        }
        catch (RuntimeException ex) {
            err.println("error: " + rootMessage(ex));
            return 1;
        }
    }

    static String rootMessage(Throwable ex) {
        Throwable root = ex;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null) {
            return root.getClass().getSimpleName();
        }
        int detail = message.indexOf(". Client view");
        return (detail > 0 ? message.substring(0, detail) : message).lines().findFirst().orElse(message);
    }


}

package dev.threadline.worker.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.threadline.testing.TestServices;
import dev.threadline.worker.WorkerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line beside a running local mode: with no store configured it uses the one the local mode
 * announces in its data directory; a configured store, a missing file or a stopped local mode's file
 * leave the usual configuration alone.
 */
class WorkerCommandLineLocalModeIntegrationTests {

    /** Above any pid a Linux or macOS system hands out. */
    private static final long NO_SUCH_PID = 999_999_999L;

    @TempDir
    Path data;

    @Test
    void theCommandLineUsesTheStoreOfARunningLocalModeWhenNoneIsConfigured() throws IOException {
        String store = TestServices.mongoUri();
        announce(ProcessHandle.current().pid(), store);

        int created = execute(Map.of("THREADLINE_DATA_DIR", data.toString()), "--create-assistants");
        ByteArrayOutputStream listed = new ByteArrayOutputStream();
        int code = WorkerCommandLine.execute(new String[] { "--list-assistants", "--spring.mongodb.uri=" + store },
                Map.of(), WorkerApplication::builder, new PrintStream(listed, true, StandardCharsets.UTF_8), System.err);

        assertThat(created).isZero();
        assertThat(code).isZero();
        assertThat(listed.toString(StandardCharsets.UTF_8)).contains("orchestrator", "psychologist", "wardrobe");
    }

    @Test
    void aConfiguredStoreWinsOverTheLocalModeFile() throws IOException {
        announce(ProcessHandle.current().pid(), "mongodb://127.0.0.1:1/none");
        Map<String, String> environment = Map.of("THREADLINE_DATA_DIR", data.toString());

        assertThat(LocalModeStore.uri(new String[] { "--spring.mongodb.uri=mongodb://db:27017/x" }, environment)).isEmpty();
        assertThat(LocalModeStore.uri(new String[0], Map.of("THREADLINE_DATA_DIR", data.toString(), "MONGODB_URI",
                "mongodb://db:27017/x"))).isEmpty();
        assertThat(execute(environment, "--list-assistants", "--spring.mongodb.uri=" + TestServices.mongoUri()))
                .isZero();
    }

    @Test
    void aStoppedLocalModesFileOrNoFileIsIgnored() throws IOException {
        Map<String, String> environment = Map.of("THREADLINE_DATA_DIR", data.toString());
        assertThat(LocalModeStore.uri(new String[0], environment)).isEmpty();

        announce(NO_SUCH_PID, "mongodb://127.0.0.1:1/none");

        assertThat(LocalModeStore.uri(new String[0], environment)).isEmpty();
    }

    @Test
    void withoutThreadlineDataDirTheDefaultDataDirectoryIsRead() throws IOException {
        Path defaultFile = Path.of("data", "local-mode.properties"); // ./data of the worker module, as run-local.sh's
        assertThat(defaultFile).doesNotExist();
        boolean madeDirectory = Files.notExists(defaultFile.getParent());
        Files.createDirectories(defaultFile.getParent());
        try {
            Files.writeString(defaultFile, "pid=" + ProcessHandle.current().pid() + "\nmongodb.uri=mongodb\\://h\\:1/t\n");

            assertThat(LocalModeStore.uri(new String[0], Map.of())).contains("mongodb://h:1/t");
        }
        finally {
            Files.delete(defaultFile);
            if (madeDirectory) {
                Files.delete(defaultFile.getParent());
            }
        }
    }

    private void announce(long pid, String storeUri) throws IOException {
        // as the local mode writes it (java.util.Properties escapes the colons)
        Files.writeString(data.resolve("local-mode.properties"), "#Threadline's local mode\npid=" + pid
                + "\nurl=http\\://localhost\\:8080/\nmongodb.uri=" + storeUri.replace(":", "\\:") + "\n");
    }

    private static int execute(Map<String, String> environment, String... args) {
        return WorkerCommandLine.execute(args, environment, WorkerApplication::builder, System.out, System.err);
    }
}

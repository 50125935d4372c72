package dev.threadline.standalone;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The local mode's data directory on a real file system: the kept secret, the lock and the announcement. */
class DataDirectoryTests {

    @TempDir
    Path data;

    @Test
    void theDevSecretIsCreatedOnceAndReusedAfterARestart() {
        String first;
        try (DataDirectory directory = DataDirectory.lock(data)) {
            first = directory.devSecret();
            assertThat(directory.devSecret()).isEqualTo(first);
        }
        try (DataDirectory directory = DataDirectory.lock(data)) {
            assertThat(directory.devSecret()).isEqualTo(first);
        }
        assertThat(first).hasSizeGreaterThanOrEqualTo(43); // 32 random bytes, base64url
    }

    @Test
    void theDevSecretFileIsReadableByItsOwnerOnly() throws IOException {
        assumeThat(FileSystems.getDefault().supportedFileAttributeViews()).contains("posix");
        try (DataDirectory directory = DataDirectory.lock(data)) {
            directory.devSecret();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve(DataDirectory.SECRET))))
                .isEqualTo("rw-------");
    }

    @Test
    void aSecondLockIsRefusedWithOneLineSayingWhereTheFirstRuns() {
        try (DataDirectory first = DataDirectory.lock(data)) {
            first.announce("http://localhost:18080/", "mongodb://127.0.0.1:27999/threadline");

            assertThatThrownBy(() -> DataDirectory.lock(data)).isInstanceOf(LocalModeAlreadyRunningException.class)
                    .hasMessageStartingWith("Threadline's local mode is already running (data directory " + data.toAbsolutePath())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid())
                    .hasMessageContaining("http://localhost:18080/")
                    .hasMessageContaining("THREADLINE_DATA_DIR")
                    .hasMessageNotContaining("\n");
        }
    }

    @Test
    void closingLetsTheDirectoryGoAndRemovesTheAnnouncement() {
        DataDirectory first = DataDirectory.lock(data);
        first.announce("http://localhost:18080/", null);
        assertThat(data.resolve(DataDirectory.ANNOUNCEMENT)).content().contains("pid=", "url=http\\://localhost\\:18080/");

        first.close();

        assertThat(data.resolve(DataDirectory.ANNOUNCEMENT)).doesNotExist();
        try (DataDirectory second = DataDirectory.lock(data)) {
            assertThat(second.path()).isEqualTo(data);
        }
    }
}

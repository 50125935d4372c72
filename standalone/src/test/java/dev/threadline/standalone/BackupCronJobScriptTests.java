package dev.threadline.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The script of {@code backup-cronjob.yaml}, run by bash as the job's container runs it, with the backup
 * volume in a temporary directory and the worker's {@code java --backup} replaced by a stand-in that writes
 * a file (or fails): a complete backup lands in the day's directory, days past the retention go, a failed
 * backup leaves no dated directory and removes nothing.
 */
class BackupCronJobScriptTests {

    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();

    @TempDir
    Path backup;

    @TempDir
    Path bin;

    private String script;

    @BeforeEach
    void prepare() throws IOException {
        script = cronJobScript().replace("/backup", backup.toString());
        Path java = bin.resolve("java");
        Files.writeString(java, """
                #!/usr/bin/env bash
                # stands in for the worker's command line: java ... --backup <dir>
                [[ "${@: -2:1}" == "--backup" ]] || { echo "no --backup <dir>: $*" >&2; exit 2; }
                mkdir -p "${@: -1}"
                echo '{"_id": "thread-1"}' > "${@: -1}/threads.json"
                [[ -z "${FAIL_BACKUP:-}" ]] || { echo "store unreachable" >&2; exit 1; }
                """);
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(backup.resolve("2000-01-01"));
        Files.createDirectories(backup.resolve(LocalDate.now(ZoneOffset.UTC).minusDays(3).toString()));
        Files.createDirectories(backup.resolve("notes"));
        Files.writeString(Files.createDirectories(backup.resolve(".partial-" + TODAY)).resolve("left-over"), "x");
    }

    @Test
    void aCompleteBackupLandsInTheDaysDirectoryAndOldDaysGo() throws Exception {
        Run run = run(Map.of());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains("backup complete: " + backup.resolve(TODAY))
                .contains("removed " + backup.resolve("2000-01-01"));
        try (var entries = Files.list(backup)) {
            assertThat(entries.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(TODAY,
                    LocalDate.now(ZoneOffset.UTC).minusDays(3).toString(), "notes");
        }
        try (var files = Files.list(backup.resolve(TODAY))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactly("threads.json");
        }
    }

    @Test
    void aFailedBackupLeavesNoDatedDirectoryAndRemovesNothing() throws Exception {
        Run run = run(Map.of("FAIL_BACKUP", "yes"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.output()).contains("store unreachable").doesNotContain("backup complete").doesNotContain("removed");
        assertThat(backup.resolve(TODAY)).doesNotExist();
        assertThat(backup.resolve("2000-01-01")).isDirectory();
    }

    private Run run(Map<String, String> extra) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("BACKUP_RETENTION_DAYS", retentionDays());
        builder.environment().putAll(extra);
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static String cronJobScript() throws IOException {
        return (String) ((List<?>) container().get("args")).getFirst();
    }

    @SuppressWarnings("unchecked")
    private static String retentionDays() throws IOException {
        return ((List<Map<String, Object>>) container().get("env")).stream()
                .filter(env -> "BACKUP_RETENTION_DAYS".equals(env.get("name"))).map(env -> (String) env.get("value"))
                .findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("../deploy/kubernetes/backup-cronjob.yaml"))) {
            Map<String, Object> cronJob = new Yaml().load(reader);
            Map<String, Object> jobSpec = (Map<String, Object>) ((Map<String, Object>) cronJob.get("spec")).get("jobTemplate");
            Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) jobSpec
                    .get("spec")).get("template")).get("spec");
            return ((List<Map<String, Object>>) podSpec.get("containers")).getFirst();
        }
    }

    private record Run(int exitCode, String output) {
    }
}

package dev.threadline.worker.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import dev.threadline.worker.WorkerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's command line (PROTOCOL.md §7) against a real store, with its output and exit codes. */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("command-line-contexts")
class WorkerCommandLineIntegrationTests {

    private final String store = "--spring.mongodb.uri=" + TestServices.mongoUri();

    @Test
    void createAssistantsSeedsTheThreeDefaultsAndListShowsThem() {
        Result created = run("--create-assistants");
        Result listed = run("--list-assistants");

        assertThat(created.code()).isZero();
        assertThat(created.lines()).extracting(line -> line.split(" ")[0])
                .containsExactlyInAnyOrder("orchestrator", "psychologist", "wardrobe");
        assertThat(listed.code()).isZero();
        assertThat(listed.out()).contains("orchestrator", "delegates=psychologist,wardrobe",
                "tools=get_weather,search_wardrobe");
        assertThat(run("--create-assistants").lines()).isEqualTo(created.lines());
    }

    @Test
    void createAssistantPrintsTheIdAndDeleteAcceptsTheIdOrTheName() {
        run("--create-assistants");
        Result created = run("--create-assistant", "--name", "stylist-junior", "--model", "gpt-4.1-mini",
                "--instructions", "Be brief.", "--delegates", "wardrobe", "--tools", "get_weather");

        assertThat(created.code()).isZero();
        assertThat(created.out().strip()).matches("[0-9a-f]{24}");
        assertThat(run("--list-assistants").out()).contains("stylist-junior");
        Result deleted = run("--delete-assistant", created.out().strip());
        assertThat(deleted.code()).isZero();
        assertThat(deleted.out()).startsWith("deleted stylist-junior");
        assertThat(run("--delete-assistant", "psychologist").code()).isZero();
        assertThat(run("--list-assistants").lines()).extracting(line -> line.split("\t")[1])
                .containsExactlyInAnyOrder("orchestrator", "wardrobe");
    }

    @Test
    void createAssistantAcceptsToolsOfMcpServersByNameWithTheirApprovalSetting() {
        Result created = run("--create-assistant", "--name", "researcher", "--model", "gpt-4.1-mini",
                "--instructions", "Look it up.", "--tools", "get_weather,docs__search",
                "--tool-approval", "docs__search=never");
        Result badApproval = run("--create-assistant", "--name", "x", "--model", "m", "--instructions", "i",
                "--tools", "docs__search", "--tool-approval", "docs__search=sometimes");

        assertThat(created.code()).as(created.err()).isZero();
        assertThat(run("--list-assistants").lines()).filteredOn(line -> line.contains("\tresearcher\t")).singleElement()
                .asString().contains("tools=get_weather,docs__search", "approvals=docs__search=never");
        assertThat(badApproval.code()).isEqualTo(1);
        assertThat(badApproval.err().strip()).isEqualTo("error: approval must be 'always' or 'never', not 'sometimes'");
    }

    @Test
    void mistakesEndWithOneClearLineAndANonZeroCode() {
        Result unknown = run("--delete-assistant", "nobody");
        Result badFlag = run("--list-assistants", "--colour", "red");
        Result missing = run("--create-assistant", "--name", "x");
        Result badTool = run("--create-assistant", "--name", "x", "--model", "m", "--instructions", "i", "--tools", "fly");
        Result noStore = runWith(List.of("--spring.mongodb.uri=mongodb://127.0.0.1:1/none"), "--list-assistants");

        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("error: no assistant has the id or name 'nobody'");
        assertThat(badFlag.code()).isEqualTo(2);
        assertThat(badFlag.err().strip()).isEqualTo("error: unknown argument '--colour'");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--model");
        assertThat(badTool.code()).isEqualTo(1);
        assertThat(badTool.err().strip()).isEqualTo("error: unknown tool 'fly'");
        assertThat(noStore.code()).isEqualTo(1);
        assertThat(noStore.err().lines()).singleElement().asString().startsWith("error: the store is unreachable");
    }

    @Test
    void generateThreadPrintsTheBlockAndATokenForTheUser() {
        Result generated = runWith(List.of("--threadline.cli.jwt-secret=" + TestTokens.SECRET), "--generate-thread",
                "--user", "alice");

        assertThat(generated.code()).isZero();
        List<String> lines = generated.lines();
        assertThat(lines.get(0)).isEqualTo("=== TEST THREAD ID ===");
        assertThat(lines.get(1)).matches("[0-9a-f]{24}");
        assertThat(lines.get(2)).isEqualTo("=====================");
        assertThat(lines.get(3)).startsWith("token: ey");
        assertThat(run("--generate-thread").lines()).hasSize(3);
    }

    @Test
    void reindexSearchIndexesEveryTitleAndMessageAndCanRunAgain() {
        try (StoreFixtures fixtures = new StoreFixtures(store.substring(store.indexOf('=') + 1))) {
            fixtures.thread("alice", 2, java.time.Instant.now());

            Result first = run("--reindex-search");
            Result again = run("--reindex-search");

            assertThat(first.code()).as(first.err()).isZero();
            assertThat(first.out().strip()).isEqualTo("indexed 5 search entries (thread titles and messages)");
            assertThat(again.out()).isEqualTo(first.out());
            assertThat(fixtures.documents(dev.threadline.common.search.SearchEntry.COLLECTION)).hasSize(5)
                    .allMatch(entry -> entry.getString("ownerId").getValue().equals("alice"));
        }
    }

    @Test
    void noCommandMeansRunTheConsumer() {
        assertThat(WorkerCommandLine.execute(new String[] { "--spring.main.banner-mode=off" }, WorkerApplication::builder,
                System.out, System.err))
                .isEqualTo(-1);
    }

    private Result run(String... args) {
        return runWith(List.of(), args);
    }

    private Result runWith(List<String> extra, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        if (extra.stream().noneMatch(arg -> arg.startsWith("--spring.mongodb.uri"))) {
            all.add(store);
        }
        all.addAll(extra);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = WorkerCommandLine.execute(all.toArray(String[]::new), WorkerApplication::builder,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private record Result(int code, String out, String err) {

        List<String> lines() {
            return out.lines().toList();
        }
    }
}

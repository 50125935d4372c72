package dev.threadline.worker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.threadline.common.Ids;
import dev.threadline.common.run.RunLifecycle;
import dev.threadline.common.store.StoreProperties;
import dev.threadline.common.store.StoreSchema;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.testing.TestServices;
import dev.threadline.common.tree.ConversationTree;
import dev.threadline.worker.store.ConversationStore;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --archive} and {@code --restore-thread} through the command line's entry point: old idle threads
 * leave the store with their messages, runs and moderation records and come back as they were; recent and
 * busy threads stay; an interrupted archive is finished by the next run, sparing a thread touched meanwhile.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("command-line-contexts")
class ArchiveCommandLineIntegrationTests {

    @TempDir
    Path temp;

    private StoreFixtures store;
    private Path archives;
    private String old;
    private String recent;
    private String busy;

    @BeforeEach
    void seed() {
        store = new StoreFixtures(TestServices.mongoUri());
        new StoreSchema(store.mongo(), new StoreProperties(true, null, Duration.ofSeconds(1))).create();
        archives = temp.resolve("archives");
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        old = store.thread("alice", 3, now.minus(200, ChronoUnit.DAYS));
        recent = store.thread("alice", 2, now.minus(10, ChronoUnit.DAYS));
        busy = store.thread("bob", 2, now.minus(200, ChronoUnit.DAYS));
        String running = Ids.newId();
        store.mongo().insert(new Run(running, busy, "bob", 3, RunStatus.RUNNING, 1, Ids.newId(), Ids.newId(), "orchestrator",
                null, null, "worker-1", now.plusSeconds(15), false, false, now, null, 0, null, null), Run.COLLECTION);
        store.mongo().updateFirst(Query.query(Criteria.where("_id").is(busy)), new Update().set("activeRunId", running),
                ChatThread.class, ChatThread.COLLECTION);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void anOldIdleThreadLeavesTheStoreWithItsDocumentsAndRecentOrBusyThreadsStay() throws IOException {
        Map<String, List<BsonDocument>> recentBefore = store.documentsOf(recent);
        Map<String, List<BsonDocument>> busyBefore = store.documentsOf(busy);

        CommandLineRun archived = archive();
        CommandLineRun again = archive();

        assertThat(archived.code()).as(archived.toString()).isZero();
        assertThat(archived.lines()).hasSize(2);
        assertThat(archived.lines().get(0)).matches(Pattern.quote("archived to " + archives + "/archive-")
                + "\\d{8}T\\d{9}Z: 1 thread; messages 6, runs 3, moderations 1, search_entries 0");
        assertThat(archived.lines().get(1)).isEqualTo("removed 1 thread untouched for 90 days from the store");
        assertThat(store.documentsOf(old)).allSatisfy((collection, documents) -> assertThat(documents).as(collection).isEmpty());
        assertThat(store.documentsOf(recent)).isEqualTo(recentBefore);
        assertThat(store.documentsOf(busy)).isEqualTo(busyBefore);
        assertThat(again.code()).isZero();
        assertThat(again.out().strip()).isEqualTo("no thread untouched for 90 days to archive");
        List<Path> made;
        try (Stream<Path> listed = Files.list(archives)) {
            made = listed.toList();
        }
        assertThat(made).singleElement().satisfies(archive -> {
            assertThat(archive.resolve("manifest.json")).exists();
            assertThat(archive.resolve("removed.json")).exists();
        });
    }

    @Test
    void aRestoredThreadReadsAsBeforeThroughTheWorkersHistory() {
        Map<String, List<BsonDocument>> before = store.documentsOf(old);
        List<Message> historyBefore = history(old);
        assertThat(archive().code()).isZero();

        CommandLineRun restored = CommandLineRun.of("--restore-thread", old, "--from", archives.toString(),
                store.storeArgument());
        CommandLineRun twice = CommandLineRun.of("--restore-thread", old, "--from", archives.toString(), store.storeArgument());
        String stranger = Ids.newId();
        CommandLineRun unknown = CommandLineRun.of("--restore-thread", stranger, "--from", archives.toString(),
                store.storeArgument());
        CommandLineRun malformed = CommandLineRun.of("--restore-thread", "{$ne:1}", "--from", archives.toString(),
                store.storeArgument());
        CommandLineRun noFrom = CommandLineRun.of("--restore-thread", old, store.storeArgument());

        assertThat(restored.code()).as(restored.toString()).isZero();
        assertThat(restored.out().strip()).startsWith("restored thread " + old + " from " + archives + "/archive-")
                .endsWith(": messages 6, runs 3, moderations 1, search_entries 0");
        assertThat(store.documentsOf(old)).isEqualTo(before);
        assertThat(history(old)).hasSize(6).isEqualTo(historyBefore);
        assertThat(twice.code()).isEqualTo(1);
        assertThat(twice.error()).isEqualTo("error: thread " + old + " is in the store already: nothing to restore");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.error()).isEqualTo("error: no archive in " + archives + " holds thread " + stranger);
        assertThat(malformed.code()).isEqualTo(1);
        assertThat(malformed.error()).isEqualTo("error: '{$ne:1}' is not a thread id (24 lowercase hex characters)");
        assertThat(noFrom.code()).isEqualTo(2);
        assertThat(noFrom.error()).isEqualTo("error: --restore-thread needs --from <archive directory>");
    }

    /**
     * A crash after an archive was written and before its threads were removed leaves a complete archive
     * without {@code removed.json}: restoring the threads and deleting that file recreates it exactly.
     */
    @Test
    void theNextRunFinishesAnInterruptedArchiveAndSparesAThreadTouchedMeanwhile() throws IOException {
        String touched = store.thread("carol", 1, Instant.now().minus(120, ChronoUnit.DAYS));
        assertThat(archive().code()).isZero();
        Path archive;
        try (Stream<Path> made = Files.list(archives)) {
            archive = made.findFirst().orElseThrow();
        }
        for (String thread : List.of(old, touched)) {
            assertThat(CommandLineRun.of("--restore-thread", thread, "--from", archive.toString(), store.storeArgument())
                    .code()).isZero();
        }
        Files.delete(archive.resolve("removed.json"));
        Path leftOver = Files.createDirectories(archives.resolve("archive-20260101T000000000Z.partial"));
        Files.writeString(leftOver.resolve("threads.jsonl.gz"), "half");
        Map<String, List<BsonDocument>> touchedBefore = store.documentsOf(touched);
        assertThat(new RunLifecycle(store.mongo()).reserve(touched, "carol", Ids.newId(), Ids.newId())).isPresent(); // a new message

        CommandLineRun finished = archive();

        assertThat(finished.code()).as(finished.toString()).isZero();
        assertThat(finished.lines().get(0)).isEqualTo("finished removing the threads of " + archive + ": 2 threads; "
                + "messages 8, runs 4, moderations 2, search_entries 0; 1 touched meanwhile stayed in the store: " + touched);
        assertThat(store.documentsOf(old)).allSatisfy((collection, documents) -> assertThat(documents).as(collection).isEmpty());
        Map<String, List<BsonDocument>> touchedAfter = store.documentsOf(touched);
        assertThat(touchedAfter.get(Message.COLLECTION)).isEqualTo(touchedBefore.get(Message.COLLECTION));
        assertThat(touchedAfter.get(Run.COLLECTION)).isEqualTo(touchedBefore.get(Run.COLLECTION));
        assertThat(touchedAfter.get(ChatThread.COLLECTION)).hasSize(1);
        assertThat(leftOver).doesNotExist();
        assertThat(archive.resolve("removed.json")).exists();
    }

    private CommandLineRun archive() {
        return CommandLineRun.of("--archive", archives.toString(), "--older-than", "90d", store.storeArgument());
    }

    /** The conversation as a worker reads it for the thread's last run, through the worker's own store code. */
    private List<Message> history(String threadId) {
        Run last = store.mongo().findOne(Query.query(Criteria.where("threadId").is(threadId))
                .with(Sort.by(Sort.Direction.DESC, "order")), Run.class, Run.COLLECTION);
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(MongoTemplate.class, store::mongo);
            context.registerBean(ConversationTree.class);
            context.registerBean(ConversationStore.class);
            context.refresh();
            List<Message> history = context.getBean(ConversationStore.class).history(last, 50);
            Message lastAnswer = context.getBean(ConversationStore.class).answer(last);
            return Stream.concat(history.stream(), Stream.of(lastAnswer)).toList();
        }
    }
}

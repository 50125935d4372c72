package dev.threadline.worker.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Sorts;
import dev.threadline.model.message.Message;
import dev.threadline.testing.TestServices;
import dev.threadline.worker.WorkerApplication;
import org.bson.BsonDateTime;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A collection larger than the worker's whole heap is backed up and restored by a worker JVM of its own:
 * the documents are streamed, never held together. Prints the time and size it took.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("command-line-contexts")
class LargeBackupIntegrationTests {

    private static final String HEAP = "-Xmx96m";
    private static final int MESSAGES = 28_000;
    private static final int CONTENT_CHARACTERS = 4_000;
    private static final String[] WORDS = ("linen wool cotton jacket coat scarf boots trousers shirt dress layer rain "
            + "wind sun cold warm evening office wedding interview weekend colour navy olive cream grey fit loose "
            + "tailored relaxed confident calm nervous weather forecast tomorrow Paris Oslo Lisbon").split(" ");

    @TempDir
    Path temp;

    @Test
    void aWorkerWithASmallHeapBacksUpAndRestoresACollectionLargerThanItsHeap() throws Exception {
        try (StoreFixtures source = new StoreFixtures(TestServices.mongoUri());
                StoreFixtures target = new StoreFixtures(TestServices.mongoUri())) {
            long jsonCharacters = seed(source.mongo().getDb().getCollection(Message.COLLECTION, BsonDocument.class));
            Path backup = temp.resolve("backup");

            long started = System.nanoTime();
            Worker backedUp = worker("--backup", backup.toString(), source.storeArgument());
            double backupSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            Worker restored = worker("--restore", backup.toString(), target.storeArgument());
            double restoreSeconds = (System.nanoTime() - started) / 1e9;

            assertThat(backedUp.code()).as(backedUp.output()).isZero();
            assertThat(restored.code()).as(restored.output()).isZero();
            assertThat(sameDocuments(source, target, Message.COLLECTION)).isEqualTo(MESSAGES);
            long onDisk = Files.size(backup.resolve("messages.jsonl.gz"));
            System.out.printf("%d messages, %.0f MiB as Extended JSON, worker heap %s: backup %.1f s with the JVM's start, "
                    + "%.1f MiB on disk; restore %.1f s with the JVM's start%n%s%s", MESSAGES, jsonCharacters / 1048576.0, HEAP,
                    backupSeconds, onDisk / 1048576.0, restoreSeconds, backedUp.output(), restored.output());
            assertThat(jsonCharacters).as("more than the worker's heap").isGreaterThan(96L << 20);
        }
    }

    private static long seed(MongoCollection<BsonDocument> messages) {
        Random random = new Random(15);
        long characters = 0;
        List<BsonDocument> batch = new ArrayList<>();
        String threadId = new ObjectId().toHexString();
        for (int i = 0; i < MESSAGES; i++) {
            if (i % 50 == 0) {
                threadId = new ObjectId().toHexString();
            }
            BsonDocument message = new BsonDocument("_id", new BsonObjectId(new ObjectId()))
                    .append("threadId", new BsonString(threadId)).append("role", new BsonString(i % 2 == 0 ? "USER" : "ASSISTANT"))
                    .append("content", new BsonString(words(random))).append("author", new BsonString("alice"))
                    .append("createdAt", new BsonDateTime(new Date().getTime() - i)).append("status", new BsonString("COMPLETE"))
                    .append("attempt", new BsonInt32(1)).append("lastSeq", new BsonInt64(i)).append("checkpoint", new BsonInt64(0));
            characters += message.toJson().length();
            batch.add(message);
            if (batch.size() == 1000) {
                messages.insertMany(batch);
                batch.clear();
            }
        }
        return characters;
    }

    private static String words(Random random) {
        StringBuilder text = new StringBuilder(CONTENT_CHARACTERS + 16);
        while (text.length() < CONTENT_CHARACTERS) {
            text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
        }
        return text.toString();
    }

    /** Compares the two collections document by document, streamed; answers how many there were. */
    private static long sameDocuments(StoreFixtures source, StoreFixtures target, String collection) {
        long count = 0;
        try (MongoCursor<BsonDocument> expected = cursor(source, collection);
                MongoCursor<BsonDocument> actual = cursor(target, collection)) {
            while (expected.hasNext()) {
                assertThat(actual.hasNext()).as("document %d", count).isTrue();
                assertThat(actual.next()).isEqualTo(expected.next());
                count++;
            }
            assertThat(actual.hasNext()).isFalse();
        }
        return count;
    }

    private static MongoCursor<BsonDocument> cursor(StoreFixtures store, String collection) {
        return store.mongo().getDb().getCollection(collection, BsonDocument.class).find().sort(Sorts.ascending("_id"))
                .batchSize(200).iterator();
    }

    private Worker worker(String... args) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, HEAP, "-cp", System.getProperty("java.class.path"),
                WorkerApplication.class.getName()));
        command.addAll(List.of(args));
        Path log = Files.createTempFile(temp, "worker-", ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        return new Worker(process.exitValue(), Files.readString(log));
    }

    private record Worker(int code, String output) {
    }
}

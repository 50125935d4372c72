package dev.threadline.worker.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import com.mongodb.client.MongoDatabase;
import dev.threadline.common.store.StoreProperties;
import dev.threadline.common.store.StoreSchema;
import dev.threadline.model.message.Message;
import dev.threadline.testing.TestServices;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonBinarySubType;
import org.bson.BsonBoolean;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --backup} and {@code --restore} through the command line's entry point, against a real driver
 * and store: a restore into an empty database equals the original document for document, types included;
 * a non-empty target and damaged files are refused with one line.
 */
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock("command-line-contexts")
class BackupCommandLineIntegrationTests {

    private static final int MESSAGES_PER_THREAD = 2 * 150;

    @TempDir
    Path temp;

    private StoreFixtures source;
    private final List<StoreFixtures> opened = new ArrayList<>();

    @BeforeEach
    void seed() {
        source = open(TestServices.mongoUri());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        source.thread("alice", MESSAGES_PER_THREAD / 2, now.minus(200, ChronoUnit.DAYS));
        source.thread("bob", MESSAGES_PER_THREAD / 2, now);
        source.thread("carol", 5, now.minus(3, ChronoUnit.DAYS));
        new StoreSchema(source.mongo(), new StoreProperties(true, null, Duration.ofSeconds(1))).create();
        MongoDatabase database = source.mongo().getDb();
        database.getCollection("kitchen_sink", BsonDocument.class).insertMany(everyType());
        database.createCollection("empty_on_purpose");
    }

    @AfterEach
    void close() {
        opened.forEach(StoreFixtures::close);
    }

    @Test
    void aBackupRestoredIntoAnEmptyDatabaseEqualsTheOriginalDocumentForDocument() throws IOException {
        Path backup = temp.resolve("nightly");
        StoreFixtures target = open(TestServices.mongoUri());

        CommandLineRun backedUp = CommandLineRun.of("--backup", backup.toString(), source.storeArgument());
        CommandLineRun restored = CommandLineRun.of("--restore", backup.toString(), target.storeArgument());

        assertThat(backedUp.code()).as(backedUp.toString()).isZero();
        assertThat(backedUp.lines().getLast()).startsWith("backed up database " + source.mongo().getDb().getName()
                + " to " + backup).contains("12 collections, " + (2 * MESSAGES_PER_THREAD + 10 + 305 + 3 + 3 + 3) + " documents");
        assertThat(backup.resolve("manifest.json")).exists();
        assertThat(Files.list(temp).map(path -> path.getFileName().toString())).containsExactly("nightly");
        assertThat(restored.code()).as(restored.toString()).isZero();
        assertThat(restored.lines().getLast()).startsWith("restored " + backup);
        assertThat(target.collections()).isEqualTo(source.collections()).contains("empty_on_purpose", "kitchen_sink");
        for (String collection : source.collections()) {
            assertThat(target.documents(collection)).as(collection).isEqualTo(source.documents(collection));
        }
        assertThat(target.documents(Message.COLLECTION)).hasSize(2 * MESSAGES_PER_THREAD + 10);
        assertThat(indexNames(target, Message.COLLECTION)).contains("thread_newest");
        assertThat(indexNames(target, "assistants")).contains("name_unique");
    }

    @Test
    void aRestoreIntoADatabaseThatHoldsDocumentsIsRefusedUnlessForced() {
        Path backup = temp.resolve("backup");
        assertThat(CommandLineRun.of("--backup", backup.toString(), source.storeArgument()).code()).isZero();
        StoreFixtures occupied = open(TestServices.mongoUri());
        occupied.thread("dave", 1, Instant.now());
        List<BsonDocument> davesThreads = occupied.documents("threads");

        CommandLineRun refused = CommandLineRun.of("--restore", backup.toString(), occupied.storeArgument());

        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.error()).isEqualTo("error: the store's database '" + occupied.mongo().getDb().getName()
                + "' is not empty (messages, moderations, runs, threads): restore into an empty database, or add --force"
                + " to replace the collections the backup holds");
        assertThat(occupied.documents("threads")).isEqualTo(davesThreads);

        CommandLineRun forced = CommandLineRun.of("--restore", backup.toString(), "--force", occupied.storeArgument());

        assertThat(forced.code()).as(forced.toString()).isZero();
        for (String collection : source.collections()) {
            assertThat(occupied.documents(collection)).as(collection).isEqualTo(source.documents(collection));
        }
    }

    @Test
    void aDamagedBackupIsRefusedWithOneClearLineAndNothingIsRestored() throws IOException {
        Path backup = temp.resolve("backup");
        assertThat(CommandLineRun.of("--backup", backup.toString(), source.storeArgument()).code()).isZero();
        StoreFixtures target = open(TestServices.mongoUri());
        Path messages = backup.resolve("messages.jsonl.gz");
        byte[] whole = Files.readAllBytes(messages);

        Files.write(messages, Arrays.copyOf(whole, whole.length / 2));
        CommandLineRun truncated = CommandLineRun.of("--restore", backup.toString(), target.storeArgument());
        flipOneByte(messages, whole);
        CommandLineRun flipped = CommandLineRun.of("--restore", backup.toString(), target.storeArgument());
        Files.write(messages, Arrays.copyOf(whole, whole.length / 2));
        rewriteChecksum(backup, "messages.jsonl.gz", messages);
        CommandLineRun truncatedWithItsChecksum = CommandLineRun.of("--restore", backup.toString(), target.storeArgument());

        assertThat(truncated.code()).isEqualTo(1);
        assertThat(truncated.error()).startsWith("error: checksum mismatch: " + messages + " is corrupt or was changed");
        assertThat(flipped.code()).isEqualTo(1);
        assertThat(flipped.error()).startsWith("error: checksum mismatch: " + messages);
        assertThat(truncatedWithItsChecksum.code()).isEqualTo(1);
        assertThat(truncatedWithItsChecksum.error()).startsWith("error: " + messages + " is truncated");
        assertThat(target.documents("threads")).isEmpty();
    }

    @Test
    void missingOrIncompleteDirectoriesAndBadCommandLinesEndWithOneLine() throws IOException {
        Path nowhere = temp.resolve("nowhere");
        Path incomplete = Files.createDirectories(temp.resolve("incomplete"));
        Files.writeString(incomplete.resolve("threads.jsonl.gz"), "");
        Path full = Files.createDirectories(temp.resolve("full"));
        Files.writeString(full.resolve("notes.txt"), "keep me");

        CommandLineRun missing = CommandLineRun.of("--restore", nowhere.toString(), source.storeArgument());
        CommandLineRun noManifest = CommandLineRun.of("--restore", incomplete.toString(), source.storeArgument());
        CommandLineRun notEmpty = CommandLineRun.of("--backup", full.toString(), source.storeArgument());
        CommandLineRun noDirectory = CommandLineRun.of("--backup", source.storeArgument());
        CommandLineRun wrongOption = CommandLineRun.of("--backup", nowhere.toString(), "--force", source.storeArgument());
        CommandLineRun noStore = CommandLineRun.of("--backup", nowhere.toString(), "--spring.mongodb.uri=mongodb://127.0.0.1:1/none");

        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.error()).isEqualTo("error: " + nowhere + " does not exist");
        assertThat(noManifest.code()).isEqualTo(1);
        assertThat(noManifest.error()).isEqualTo("error: " + incomplete + " has no manifest.json: not a complete Threadline backup");
        assertThat(notEmpty.code()).isEqualTo(1);
        assertThat(notEmpty.error()).isEqualTo("error: " + full + " is not empty: back up into a new or empty directory");
        assertThat(noDirectory.code()).isEqualTo(2);
        assertThat(noDirectory.error()).isEqualTo("error: --backup needs a directory");
        assertThat(wrongOption.code()).isEqualTo(2);
        assertThat(wrongOption.error()).isEqualTo("error: --force is not an option of --backup");
        assertThat(noStore.code()).isEqualTo(1);
        assertThat(noStore.error()).startsWith("error: the store is unreachable (MONGODB_URI)");
        assertThat(nowhere).doesNotExist();
        assertThat(temp.resolve("nowhere.partial")).doesNotExist();
    }

    private static void flipOneByte(Path file, byte[] whole) throws IOException {
        Files.write(file, whole);
        try (RandomAccessFile access = new RandomAccessFile(file.toFile(), "rw")) {
            long middle = whole.length / 2;
            access.seek(middle);
            access.write(whole[(int) middle] ^ 0x01);
        }
    }

    /** As someone who edits the manifest too would: the checksum now matches the damaged file. */
    private static void rewriteChecksum(Path backup, String file, Path damaged) throws IOException {
        Path manifest = backup.resolve("manifest.json");
        String text = Files.readString(manifest);
        String recorded = text.replaceAll("(?s).*\"file\" : \"" + Pattern.quote(file)
                + "\",.*?\"sha256\" : \"([0-9a-f]+)\".*", "$1");
        String actual = HexFormat.of().formatHex(sha256(Files.readAllBytes(damaged)));
        Files.writeString(manifest, text.replace(recorded, actual));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static List<BsonDocument> everyType() {
        byte[] legacyUuid = new byte[16];
        legacyUuid[3] = 42;
        return List.of(
                new BsonDocument("_id", new BsonObjectId(new ObjectId()))
                        .append("int32", new BsonInt32(7))
                        .append("int64", new BsonInt64(7))
                        .append("double", new BsonDouble(7))
                        .append("negativeZero", new BsonDouble(-0.0))
                        .append("huge", new BsonInt64(Long.MAX_VALUE))
                        .append("fraction", new BsonDouble(0.1 + 0.2))
                        .append("decimal", new BsonDecimal128(Decimal128.parse("12345678901234567890.1234567890123")))
                        .append("date", new BsonDateTime(1_700_000_000_123L))
                        .append("beforeEpoch", new BsonDateTime(-86_400_000L))
                        .append("binary", new BsonBinary(new byte[] { 0, 1, 2, (byte) 255 }))
                        .append("uuid", new BsonBinary(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                                UuidRepresentation.STANDARD))
                        .append("legacyUuid", new BsonBinary(BsonBinarySubType.UUID_LEGACY, legacyUuid))
                        .append("timestamp", new BsonTimestamp(1_700_000_000, 3))
                        .append("regex", new BsonRegularExpression("^wool.*", "i"))
                        .append("nothing", BsonNull.VALUE)
                        .append("yes", BsonBoolean.TRUE)
                        .append("text", new BsonString("line\nbreak, \"quotes\", tab\t, ünïcødé 🧵 and \u0000 nul"))
                        .append("nested", new BsonDocument("list", new BsonArray(List.of(new BsonInt32(1), new BsonInt64(1),
                                new BsonDouble(1), new BsonString("1"), new BsonDocument("deep", new BsonArray()))))),
                new BsonDocument("_id", new BsonString("a-string-id")).append("n", new BsonInt32(1)),
                new BsonDocument("_id", new BsonInt64(42)).append("n", new BsonInt32(2)));
    }

    private static List<String> indexNames(StoreFixtures store, String collection) {
        List<String> names = new ArrayList<>();
        store.mongo().getDb().getCollection(collection).listIndexes().forEach(index -> names.add(index.getString("name")));
        return names;
    }

    private StoreFixtures open(String uri) {
        StoreFixtures store = new StoreFixtures(uri);
        opened.add(store);
        return store;
    }
}

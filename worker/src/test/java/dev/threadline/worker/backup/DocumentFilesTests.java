package dev.threadline.worker.backup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonJavaScript;
import org.bson.BsonMaxKey;
import org.bson.BsonMinKey;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonSymbol;
import org.bson.BsonTimestamp;
import org.bson.BsonUndefined;
import org.bson.UuidRepresentation;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The file format alone: canonical Extended JSON lines, gzip'ed, read back with every BSON type exact. */
class DocumentFilesTests {

    @TempDir
    Path dir;

    @Test
    void everyBsonTypeReadsBackExactlyAndTheFileIsCanonicalExtendedJson() throws IOException {
        List<BsonDocument> documents = List.of(new BsonDocument("_id", new BsonObjectId(new ObjectId()))
                .append("int32", new BsonInt32(1)).append("int64", new BsonInt64(1)).append("double", new BsonDouble(1))
                .append("nan", new BsonDouble(Double.NaN)).append("infinity", new BsonDouble(Double.NEGATIVE_INFINITY))
                .append("decimal", new BsonDecimal128(Decimal128.parse("-0.000000000000000000000000000000001")))
                .append("date", new BsonDateTime(Long.MIN_VALUE / 2))
                .append("uuid", new BsonBinary(UUID.randomUUID(), UuidRepresentation.STANDARD))
                .append("timestamp", new BsonTimestamp(Integer.MAX_VALUE, 1)).append("min", new BsonMinKey())
                .append("max", new BsonMaxKey()).append("undefined", new BsonUndefined())
                .append("code", new BsonJavaScript("x => x")).append("symbol", new BsonSymbol("s"))
                .append("list", new BsonArray(List.of(new BsonString("\u2028 line separator"), new BsonInt64(-1)))));
        Path file = dir.resolve("all.jsonl.gz");

        CollectionFile written;
        try (DocumentFileWriter writer = DocumentFileWriter.create("all", file)) {
            documents.forEach(writer::write);
            written = writer.finish(CollectionReads.CURSOR);
        }
        List<BsonDocument> read = new ArrayList<>();
        long count = DocumentFiles.read(file, read::add);

        assertThat(read).isEqualTo(documents);
        assertThat(count).isOne();
        assertThat(written.documents()).isOne();
        assertThat(written.bytes()).isEqualTo(Files.size(file));
        assertThat(written.sha256()).isEqualTo(DocumentFiles.sha256(file));
        String text = new String(new GZIPInputStream(Files.newInputStream(file)).readAllBytes(), StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n").hasLineCount(1)
                .contains("\"int32\": {\"$numberInt\": \"1\"}", "\"int64\": {\"$numberLong\": \"1\"}",
                        "\"double\": {\"$numberDouble\": \"1.0\"}", "\"$numberDecimal\"", "\"$date\": {\"$numberLong\"");
    }

    @Test
    void aTruncatedFileACorruptOneAndABadLineAreNamedClearly() throws IOException {
        Path file = dir.resolve("messages.jsonl.gz");
        try (DocumentFileWriter writer = DocumentFileWriter.create("messages", file)) {
            for (int i = 0; i < 2000; i++) {
                writer.write(new BsonDocument("_id", new BsonInt32(i)).append("text", new BsonString(UUID.randomUUID().toString())));
            }
            writer.finish(CollectionReads.CURSOR);
        }
        byte[] whole = Files.readAllBytes(file);
        Path truncated = Files.write(dir.resolve("truncated.jsonl.gz"), Arrays.copyOf(whole, whole.length - 20));
        byte[] flipped = whole.clone();
        flipped[whole.length - 5] ^= 0x10; // inside the CRC-32 trailer
        Path corrupt = Files.write(dir.resolve("corrupt.jsonl.gz"), flipped);
        Path badLine = dir.resolve("bad.jsonl.gz");
        try (GZIPOutputStream out = new GZIPOutputStream(Files.newOutputStream(badLine))) {
            out.write("{\"_id\": {\"$numberInt\": \"1\"}}\n{\"_id\": {\"$numberInt\": \"2\"\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThatThrownBy(() -> DocumentFiles.read(truncated, document -> { })).isInstanceOf(BackupException.class)
                .hasMessageStartingWith(truncated + " is truncated");
        assertThatThrownBy(() -> DocumentFiles.read(corrupt, document -> { })).isInstanceOf(BackupException.class)
                .hasMessageStartingWith(corrupt + " is corrupt");
        assertThatThrownBy(() -> DocumentFiles.read(badLine, document -> { })).isInstanceOf(BackupException.class)
                .hasMessageStartingWith(badLine + " line 2 is not a canonical Extended JSON document");
        assertThatThrownBy(() -> DocumentFiles.read(dir.resolve("gone.jsonl.gz"), document -> { }))
                .hasMessage(dir.resolve("gone.jsonl.gz") + " is missing");
    }
}

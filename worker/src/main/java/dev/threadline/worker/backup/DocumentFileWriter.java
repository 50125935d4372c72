package dev.threadline.worker.backup;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

import org.bson.BsonDocument;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;

/**
 * Writes one collection's documents as canonical Extended JSON, one document a line, gzip'ed, and hashes
 * the file's bytes (SHA-256) as they are written. {@link #finish} flushes the file to disk.
 */
final class DocumentFileWriter implements AutoCloseable {

    static final String SUFFIX = ".jsonl.gz";
    private static final JsonWriterSettings CANONICAL = JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build();

    private final String collection;
    private final Path file;
    private final FileChannel channel;
    private final MessageDigest digest;
    private final GZIPOutputStream gzip;
    private final Writer writer;
    private long documents;
    private boolean finished;

    private DocumentFileWriter(String collection, Path file) throws IOException {
        this.collection = collection;
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        this.digest = DocumentFiles.sha256Digest();
        this.gzip = new GZIPOutputStream(new DigestOutputStream(Channels.newOutputStream(channel), digest), 1 << 16);
        this.writer = new BufferedWriter(new OutputStreamWriter(gzip, StandardCharsets.UTF_8), 1 << 16);
    }

    static DocumentFileWriter create(String collection, Path file) {
        try {
            return new DocumentFileWriter(collection, file);
        }
        catch (IOException ex) {
            throw new BackupException("cannot write " + file + ": " + DocumentFiles.describe(ex));
        }
    }

    void write(BsonDocument document) {
        try {
            writer.write(document.toJson(CANONICAL));
            writer.write('\n');
            documents++;
        }
        catch (IOException ex) {
            throw new BackupException("cannot write " + file + ": " + DocumentFiles.describe(ex));
        }
    }

    /** Completes the file and returns its manifest entry. */
    CollectionFile finish(String read) {
        try {
            writer.flush();
            gzip.finish();
            gzip.flush();
            channel.force(true);
            finished = true;
            close();
            return new CollectionFile(collection, file.getFileName().toString(), documents, Files.size(file),
                    HexFormat.of().formatHex(digest.digest()), read);
        }
        catch (IOException ex) {
            throw new BackupException("cannot write " + file + ": " + DocumentFiles.describe(ex));
        }
    }

    @Override
    public void close() {
        try {
            if (finished) {
                channel.close();
            }
            else {
                writer.close();
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}

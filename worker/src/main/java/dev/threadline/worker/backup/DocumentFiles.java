package dev.threadline.worker.backup;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;
import java.util.function.ObjIntConsumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.bson.BSONException;
import org.bson.BsonDocument;
import org.bson.json.JsonParseException;

/** Reads back what {@link DocumentFileWriter} wrote: streamed, one document at a time, with a clear error for a damaged file. */
final class DocumentFiles {

    private DocumentFiles() {
    }

    /** Passes each document of the file to {@code each}, in order, and answers how many there were. */
    static long read(Path file, Consumer<BsonDocument> each) {
        return readSized(file, (document, characters) -> each.accept(document));
    }

    /** As {@link #read(Path, Consumer)}, with the length of each document's line. */
    static long readSized(Path file, ObjIntConsumer<BsonDocument> each) {
        long line = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
            for (String json = reader.readLine(); json != null; json = reader.readLine()) {
                line++;
                each.accept(parse(file, line, json), json.length());
            }
            return line;
        }
        catch (NoSuchFileException ex) {
            throw new BackupException(file + " is missing");
        }
        catch (EOFException ex) {
            throw new BackupException(file + " is truncated (it ends after line " + line + ")");
        }
        catch (ZipException ex) {
            throw new BackupException(file + " is corrupt (" + ex.getMessage() + ")");
        }
        catch (IOException ex) {
            throw new BackupException("cannot read " + file + ": " + describe(ex));
        }
    }

    /** The SHA-256 of the file's bytes, as hex. */
    static String sha256(Path file) {
        MessageDigest digest = sha256Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        catch (NoSuchFileException ex) {
            throw new BackupException(file + " is missing");
        }
        catch (IOException ex) {
            throw new BackupException("cannot read " + file + ": " + describe(ex));
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("every Java platform has SHA-256", ex);
        }
    }

    static String describe(IOException ex) {
        String kind = ex.getClass().getSimpleName();
        return ex.getMessage() == null ? kind : kind + " " + ex.getMessage();
    }

    private static BsonDocument parse(Path file, long line, String json) {
        try {
            return BsonDocument.parse(json);
        }
        catch (JsonParseException | BSONException | IllegalArgumentException ex) {
            throw new BackupException(file + " line " + line + " is not a canonical Extended JSON document: "
                    + ex.getMessage());
        }
    }
}

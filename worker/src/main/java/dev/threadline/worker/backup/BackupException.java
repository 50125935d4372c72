package dev.threadline.worker.backup;

/** A backup or archive that cannot be written, read or restored; its message is the one line the command line prints. */
public class BackupException extends RuntimeException {

    BackupException(String message) {
        super(message);
    }
}

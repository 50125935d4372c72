package dev.threadline.standalone;

/** Another local mode holds the data directory; the message is the one line to show the user. */
public final class LocalModeAlreadyRunningException extends IllegalStateException {

    LocalModeAlreadyRunningException(String message) {
        super(message);
    }
}

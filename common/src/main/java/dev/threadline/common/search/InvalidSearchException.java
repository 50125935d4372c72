package dev.threadline.common.search;

/** A search the caller must change: its message says what is wrong, in words fit for the caller. */
public class InvalidSearchException extends IllegalArgumentException {

    public InvalidSearchException(String message) {
        super(message);
    }
}

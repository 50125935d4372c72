package dev.threadline.gateway.web;

import java.io.IOException;

/** A request body passed the size limit while it was read; answered as {@code 413 message_too_large}. */
public class BodyTooLargeException extends IOException {

    public BodyTooLargeException(long maxBytes) {
        super("The request body is larger than " + maxBytes + " bytes");
    }
}

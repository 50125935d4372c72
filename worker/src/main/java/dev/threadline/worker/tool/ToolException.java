package dev.threadline.worker.tool;

/** A tool call that could not be answered; its message is what the model and the thread see. */
public class ToolException extends RuntimeException {

    public ToolException(String message) {
        super(message);
    }

    public ToolException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.threadline.worker.model;

/** One earlier message of the conversation as the model sees it. */
public record Turn(Speaker speaker, String text) {

    public enum Speaker { USER, ASSISTANT }

    public static Turn user(String text) {
        return new Turn(Speaker.USER, text);
    }

    public static Turn assistant(String text) {
        return new Turn(Speaker.ASSISTANT, text);
    }
}

package dev.threadline.model.message;

/** A file sent with a user message; {@code url} is a data URL or an https URL. */
public record Attachment(String type, String url) {
}

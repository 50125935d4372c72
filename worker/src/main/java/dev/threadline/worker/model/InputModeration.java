package dev.threadline.worker.model;

import java.util.List;

/** Checks a user's message before any model sees it (PROTOCOL.md leaves it optional; off by default). */
public interface InputModeration {

    /** Moderation that lets everything through. */
    InputModeration OFF = text -> List.of();

    /** The categories the text was flagged for; empty when it may go to the model. */
    List<String> flaggedCategories(String text);
}

package dev.threadline.worker.model;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One streamed model call: system instructions and the conversation, oldest turn first. */
public record ModelRequest(String model, String instructions, List<Turn> turns, @Nullable Double temperature) {

    public ModelRequest {
        turns = List.copyOf(turns);
    }
}

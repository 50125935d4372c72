package dev.threadline.worker.model;

import java.util.Map;

/** A function the model may call: its name, what it does, and its arguments as JSON Schema. */
public record ToolSpec(String name, String description, Map<String, Object> parameters) {

    public ToolSpec {
        parameters = Map.copyOf(parameters);
    }
}

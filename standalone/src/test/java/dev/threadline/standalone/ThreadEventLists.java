package dev.threadline.standalone;

import java.util.List;

import tools.jackson.databind.JsonNode;

/** Reading the thread events a test client collected. */
final class ThreadEventLists {

    private ThreadEventLists() {
    }

    static List<String> types(List<JsonNode> events) {
        return events.stream().map(e -> e.path("type").asString()).toList();
    }

    /** The text of every {@code message.delta}, in order. */
    static String deltas(List<JsonNode> events) {
        StringBuilder text = new StringBuilder();
        events.stream().filter(e -> "message.delta".equals(e.path("type").asString()))
                .forEach(e -> text.append(e.path("delta").asString()));
        return text.toString();
    }
}

package dev.threadline.standalone;

import java.util.ArrayList;
import java.util.List;

import dev.threadline.testing.ApiClient;

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

    /** The thread's stored assistant messages, as the REST API lists them. */
    static List<JsonNode> answers(ApiClient api, String threadId) {
        List<JsonNode> answers = new ArrayList<>();
        api.get("/api/threads/" + threadId + "/messages").json().path("items").forEach(item -> {
            if ("assistant".equals(item.path("role").asString())) {
                answers.add(item);
            }
        });
        return answers;
    }
}

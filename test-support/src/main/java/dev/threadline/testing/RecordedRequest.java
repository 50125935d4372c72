package dev.threadline.testing;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** A request {@link FakeOpenAiServer} received: the API ({@code chat-completions} or {@code responses}) and its JSON body. */
public record RecordedRequest(String api, String path, String authorization, JsonNode body,
        @Nullable String traceparent) {

    /** The text of the last user input, in either API's request shape. */
    public String lastUserText() {
        JsonNode items = "responses".equals(api) ? body.path("input") : body.path("messages");
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode item = items.get(i);
            if ("user".equals(item.path("role").asString(""))) {
                return textOf(item.path("content"));
            }
        }
        return "";
    }

    /** The system instructions, in either API's request shape. */
    public String instructions() {
        if ("responses".equals(api)) {
            return body.path("instructions").asString("");
        }
        JsonNode first = body.path("messages").path(0);
        return "system".equals(first.path("role").asString("")) ? textOf(first.path("content")) : "";
    }

    /** The names of the function tools offered. */
    public java.util.List<String> toolNames() {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (JsonNode tool : body.path("tools")) {
            names.add("responses".equals(api) ? tool.path("name").asString("")
                    : tool.path("function").path("name").asString(""));
        }
        return names;
    }

    /** The tool outputs sent back to the model, by call id, in request order. */
    public java.util.Map<String, String> toolOutputs() {
        java.util.Map<String, String> outputs = new java.util.LinkedHashMap<>();
        if ("responses".equals(api)) {
            for (JsonNode item : body.path("input")) {
                if ("function_call_output".equals(item.path("type").asString(""))) {
                    outputs.put(item.path("call_id").asString(""), item.path("output").asString(""));
                }
            }
        }
        else {
            for (JsonNode message : body.path("messages")) {
                if ("tool".equals(message.path("role").asString(""))) {
                    outputs.put(message.path("tool_call_id").asString(""), textOf(message.path("content")));
                }
            }
        }
        return outputs;
    }

    /** The image URLs of the last user turn, in either API's request shape. */
    public java.util.List<String> lastUserImages() {
        JsonNode items = "responses".equals(api) ? body.path("input") : body.path("messages");
        java.util.List<String> urls = new java.util.ArrayList<>();
        for (int i = items.size() - 1; i >= 0; i--) {
            JsonNode item = items.get(i);
            if ("user".equals(item.path("role").asString(""))) {
                for (JsonNode part : item.path("content")) {
                    if (part.has("image_url")) {
                        JsonNode url = part.path("image_url");
                        urls.add(url.isObject() ? url.path("url").asString("") : url.asString(""));
                    }
                }
                return urls;
            }
        }
        return urls;
    }

    private static String textOf(JsonNode content) {
        if (content.isString()) {
            return content.asString();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            text.append(part.path("text").asString(""));
        }
        return text.toString();
    }
}

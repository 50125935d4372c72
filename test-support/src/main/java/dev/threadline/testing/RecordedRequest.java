package dev.threadline.testing;

import tools.jackson.databind.JsonNode;

/** A request {@link FakeOpenAiServer} received: the API ({@code chat-completions} or {@code responses}) and its JSON body. */
public record RecordedRequest(String api, String path, String authorization, JsonNode body) {

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

package dev.threadline.worker.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.core.ObjectMappers;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * A provider's stream of server-sent events, read straight from the HTTP body of a call openai-java made
 * (key, base URL, retries and timeouts stay openai-java's). Text deltas — nearly every event of an
 * answer — are read with a streaming parser; every other event becomes openai-java's own model through
 * {@link #parse}. openai-java would build a JSON tree and then a typed event for every token, which
 * was the largest single cost of a busy worker (44% of its CPU streaming 500 answers).
 */
final class ServerSentEvents {

    private static final JsonFactory JSON = new JsonFactory();

    /** Receives each event: its {@code event:} name (or null) and its data. */
    interface Listener {

        void event(@Nullable String name, String data);
    }

    private ServerSentEvents() {
    }

    /**
     * Decodes the event stream (WHATWG server-sent events: comments, multi-line data, an empty line ends an
     * event) until it ends, {@code [DONE]} arrives, or the run is cancelled.
     */
    static void read(InputStream body, Cancellation cancellation, Listener listener) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        String name = null;
        StringBuilder data = null;
        for (String line = lines.readLine(); line != null && !cancellation.isCancelled(); line = lines.readLine()) {
            if (line.isEmpty()) {
                if (data != null) {
                    if (data.indexOf("[DONE]") == 0) {
                        return;
                    }
                    listener.event(name, data.toString());
                }
                name = null;
                data = null;
                continue;
            }
            int colon = line.indexOf(':');
            if (colon == 0) {
                continue;
            }
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(line.startsWith(" ", colon + 1) ? colon + 2 : colon + 1);
            if (field.equals("event")) {
                name = value;
            }
            else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            }
        }
    }

    /** The string member {@code name} of a JSON object, without building it; null when it has none. */
    static @Nullable String stringMember(String json, String name) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            for (String member = parser.nextName(); member != null; member = parser.nextName()) {
                JsonToken value = parser.nextToken();
                if (member.equals(name)) {
                    return value == JsonToken.VALUE_STRING ? parser.getString() : null;
                }
                parser.skipChildren();
            }
            return null;
        }
    }

    /**
     * The text of a Chat Completions chunk that carries text and nothing else (one choice whose delta
     * holds {@code content} and perhaps {@code role}; no usage, no error): {@code ""} when it carries
     * none; null when the chunk holds anything more (tool calls, usage, several choices), which then
     * needs the full model.
     */
    static @Nullable String chatText(String json) {
        try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String text = "";
            for (String member = parser.nextName(); member != null; member = parser.nextName()) {
                JsonToken value = parser.nextToken();
                if (member.equals("choices")) {
                    text = onlyChoiceText(parser, value);
                    if (text == null) {
                        return null;
                    }
                }
                else if ((member.equals("usage") || member.equals("error")) && value != JsonToken.VALUE_NULL) {
                    return null;
                }
                else {
                    parser.skipChildren();
                }
            }
            return text;
        }
    }

    private static @Nullable String onlyChoiceText(JsonParser parser, JsonToken choices) {
        if (choices != JsonToken.START_ARRAY || parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String text = "";
        for (String member = parser.nextName(); member != null; member = parser.nextName()) {
            JsonToken value = parser.nextToken();
            if (member.equals("delta")) {
                text = deltaText(parser, value);
                if (text == null) {
                    return null;
                }
            }
            else {
                parser.skipChildren();
            }
        }
        return parser.nextToken() == JsonToken.END_ARRAY ? text : null;
    }

    private static @Nullable String deltaText(JsonParser parser, JsonToken delta) {
        if (delta != JsonToken.START_OBJECT) {
            return null;
        }
        String text = "";
        for (String member = parser.nextName(); member != null; member = parser.nextName()) {
            JsonToken value = parser.nextToken();
            if (member.equals("content") && value == JsonToken.VALUE_STRING) {
                text = parser.getString();
            }
            else if (!member.equals("role") && value != JsonToken.VALUE_NULL) {
                return null;
            }
        }
        return text;
    }

    /**
     * Any other event as openai-java's model; an event carrying an {@code error} member ends the call, as
     * openai-java's own stream handling does.
     */
    static <T> T parse(String data, Class<T> type) {
        try {
            JsonNode event = ObjectMappers.jsonMapper().readTree(data);
            JsonNode error = event.get("error");
            if (error != null && !error.isNull()) {
                throw new ModelException("model_error", "The model stream reported: "
                        + error.path("message").asText(error.toString()), true, null);
            }
            return ObjectMappers.jsonMapper().treeToValue(event, type);
        }
        catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new ModelException("model_error", "The model stream sent an unreadable event", true, ex);
        }
    }
}

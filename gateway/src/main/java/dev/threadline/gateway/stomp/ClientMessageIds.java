package dev.threadline.gateway.stomp;

import org.jspecify.annotations.Nullable;
import org.springframework.messaging.Message;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code clientMessageId} of a refused message send, read from its body, so the error event names the
 * message the client may send again; null for other destinations and for bodies that are not JSON.
 */
@Component
class ClientMessageIds {

    private final JsonMapper json;

    ClientMessageIds(JsonMapper json) {
        this.json = json;
    }

    @Nullable String of(Message<?> frame, @Nullable String destination) {
        if (!Destinations.isMessageSend(destination) || !(frame.getPayload() instanceof byte[] body)) {
            return null;
        }
        try {
            JsonNode id = json.readTree(body).path("clientMessageId");
            return id.isString() ? id.stringValue() : null;
        }
        catch (JacksonException ex) {
            return null;
        }
    }
}

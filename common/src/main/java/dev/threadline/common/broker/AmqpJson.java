package dev.threadline.common.broker;

import dev.threadline.model.event.MessageDelta;
import dev.threadline.model.event.Presence;
import dev.threadline.model.event.RunEvent;
import dev.threadline.model.event.ThreadEvent;
import dev.threadline.model.event.Typing;
import dev.threadline.model.run.RunEnded;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Writes and reads the JSON bodies of the AMQP messages of PROTOCOL.md §6. */
public final class AmqpJson {

    private final JsonMapper jsonMapper;
    private final ObjectWriter eventWriter;

    public AmqpJson(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
        this.eventWriter = jsonMapper.writerFor(ThreadEvent.class);
    }

    /** A persistent message, for run requests that must survive a broker restart. */
    public Message persistent(Object body) {
        return new Message(jsonMapper.writeValueAsBytes(body), properties(MessageDeliveryMode.PERSISTENT));
    }

    /** Header naming the run of a run event, so relays can drop a re-announced event without parsing the body. */
    public static final String RUN_HEADER = "threadline-run";
    public static final String ATTEMPT_HEADER = "threadline-attempt";
    public static final String SEQ_HEADER = "threadline-seq";
    /** When the worker published an event (epoch milliseconds): the gateway's relay lag is measured from it. */
    public static final String PUBLISHED_AT_HEADER = "threadline-published-at";

    /**
     * An event message. Token deltas, typing and presence are transient: they are many, and the final message
     * or the next update heals a lost one. Every other event is persistent, so that one the broker has
     * confirmed (a run's end above all) is still in a gateway's durable relay queue after a broker restart.
     */
    public Message event(ThreadEvent event) {
        MessageProperties properties = properties(event instanceof MessageDelta || event instanceof Typing
                || event instanceof Presence ? MessageDeliveryMode.NON_PERSISTENT : MessageDeliveryMode.PERSISTENT);
        properties.setHeader(PUBLISHED_AT_HEADER, System.currentTimeMillis());
        if (event instanceof RunEvent run && run.runId() != null && run.attempt() != null && run.seq() != null) {
            properties.setHeader(RUN_HEADER, run.runId());
            properties.setHeader(ATTEMPT_HEADER, run.attempt());
            properties.setHeader(SEQ_HEADER, run.seq());
        }
        return new Message(eventWriter.writeValueAsBytes(event), properties);
    }

    /** A {@link RunEnded} for the control exchange, typed so that workers tell it from a {@code RunCancel}. */
    public Message runEnded(RunEnded ended) {
        Message message = transientMessage(ended);
        message.getMessageProperties().setType(RunEnded.TYPE);
        return message;
    }

    public Message transientMessage(Object body) {
        return new Message(jsonMapper.writeValueAsBytes(body), properties(MessageDeliveryMode.NON_PERSISTENT));
    }

    public <T> T read(Message message, Class<T> type) {
        return jsonMapper.readValue(message.getBody(), type);
    }

    private static MessageProperties properties(MessageDeliveryMode mode) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setContentEncoding("UTF-8");
        properties.setDeliveryMode(mode);
        return properties;
    }
}

package dev.threadline.bench;

import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One user's thread as its STOMP client sees it: when the message was sent, when the first delta
 * arrived (and what the model's markers in it say), the streamed text, gap-free {@code seq}, and the
 * run's end. Every delta's stamped tokens are recorded as chunk latencies.
 */
final class Conversation {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonFactory JSON_FACTORY = new JsonFactory();

    final String user;
    final String threadId;
    final CompletableFuture<Void> firstDelta = new CompletableFuture<>();
    final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final StringBuilder streamed = new StringBuilder();
    private final Latencies chunkLatency;
    private volatile long sentMicros;
    private volatile long firstDeltaMicros;
    private volatile long modelArrivalMicros;
    private volatile long firstEmitMicros;
    private long lastSeq;
    private boolean gap;
    private int deltas;
    private volatile @Nullable String terminal;
    private volatile @Nullable String finalContent;

    Conversation(String user, String threadId, Latencies chunkLatency) {
        this.user = user;
        this.threadId = threadId;
        this.chunkLatency = chunkLatency;
    }

    void sent(long micros) {
        sentMicros = micros;
    }

    synchronized void onFrame(StompConnection.Frame frame) {
        long now = Markers.nowMicros();
        if (frame.body().startsWith("{\"type\":\"message.delta\"")) {
            onDelta(frame.body(), now);
            return;
        }
        JsonNode event = JSON.readTree(frame.body());
        String type = event.path("type").asString();
        if (event.has("seq")) {
            sequence(event.path("seq").asLong());
        }
        switch (type) {
            case "message.delta" -> delta(event.path("delta").asString(), now);
            case "message.created" -> {
                if ("assistant".equals(event.path("message").path("role").asString())) {
                    finalContent = event.path("message").path("content").asString();
                }
            }
            case "run.completed", "run.failed", "run.cancelled" -> {
                terminal = type;
                ended.complete(null);
            }
            default -> {
            }
        }
    }

    /** Deltas are nearly every event: read without building a tree, so the load costs less of the machine. */
    private void onDelta(String body, long now) {
        String text = "";
        try (JsonParser parser = JSON_FACTORY.createParser(ObjectReadContext.empty(), body)) {
            parser.nextToken();
            for (String member = parser.nextName(); member != null; member = parser.nextName()) {
                parser.nextToken();
                switch (member) {
                    case "seq" -> sequence(parser.getLongValue());
                    case "delta" -> text = parser.getString();
                    default -> parser.skipChildren();
                }
            }
        }
        delta(text, now);
    }

    private void sequence(long seq) {
        gap |= lastSeq != 0 && seq != lastSeq + 1;
        lastSeq = seq;
    }

    private void delta(String text, long now) {
        deltas++;
        if (streamed.isEmpty()) {
            firstDeltaMicros = now;
            modelArrivalMicros = Markers.arrival(text);
            Markers.emissions(text, emitted -> {
                if (firstEmitMicros == 0) {
                    firstEmitMicros = emitted;
                }
            });
            firstDelta.complete(null);
        }
        streamed.append(text);
        Markers.emissions(text, emitted -> chunkLatency.record(now - emitted));
    }

    /**
     * Threadline's own share of the wait for the first token: from SEND to the model receiving the request,
     * plus from the model emitting the first token to the client receiving it. The model's own time to
     * first token is excluded exactly, whatever it is.
     */
    long addedFirstTokenMicros() {
        return (modelArrivalMicros - sentMicros) + (firstDeltaMicros - firstEmitMicros);
    }

    /** From SEND to the model receiving the request: the gateway, the queue and the worker's start of the run. */
    long sendToModelMicros() {
        return modelArrivalMicros - sentMicros;
    }

    /** From the model emitting the first token to the client receiving it: the worker, the broker and the gateway. */
    long firstTokenToClientMicros() {
        return firstDeltaMicros - firstEmitMicros;
    }

    long endToEndFirstTokenMicros() {
        return firstDeltaMicros - sentMicros;
    }

    synchronized int deltas() {
        return deltas;
    }

    synchronized int tokensStreamed() {
        return Markers.tokens(streamed.toString());
    }

    /** Completed, the deltas concatenate to the stored answer, every token arrived and {@code seq} had no gap. */
    synchronized boolean complete(int expectedTokens) {
        return "run.completed".equals(terminal) && !gap && streamed.toString().equals(finalContent)
                && Markers.tokens(streamed.toString()) == expectedTokens && streamed.toString().endsWith(Markers.END);
    }

    @Nullable String terminal() {
        return terminal;
    }
}

package dev.threadline.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/** What {@link FakeOpenAiServer} answers to one model request. */
public sealed interface FakeReply {

    /** Streams {@code tokens} one SSE event each, waiting {@code firstTokenDelay} before the first and {@code interval} between the others. */
    record Text(List<String> tokens, Duration firstTokenDelay, Duration interval) implements FakeReply {
    }

    /**
     * Streams {@code count} tokens, each made by {@code token} (given its index) at the moment it is written,
     * so it can carry a timestamp; paced by absolute deadlines, {@code firstTokenDelay} then one token every
     * {@code interval}, so a slow write never makes the rate drift.
     */
    record Generated(int count, Duration firstTokenDelay, Duration interval, IntFunction<String> token)
            implements FakeReply {
    }

    /** Streams the given function calls (arguments streamed in small pieces) and ends the turn with them. */
    record ToolCalls(List<ToolCall> calls) implements FakeReply {
    }

    /** Answers with an HTTP error status and an OpenAI-style error body. */
    record HttpError(int status, String message, Map<String, String> headers) implements FakeReply {
    }

    /** Sends the response headers and then nothing, until the client gives up. */
    record Hang() implements FakeReply {
    }

    /**
     * Reads the request and answers nothing at all, not even the response headers, until the client gives
     * up: a provider that queues the request (vLLM under load) or a specialist's call still waiting for its reply.
     */
    record Unanswered() implements FakeReply {
    }

    /**
     * Streams {@code reply} reporting {@code usage} instead of the default (12 input tokens, none cached,
     * one output token per text token or ten per tool call).
     */
    record WithUsage(FakeReply reply, TokenUsage usage) implements FakeReply {
    }

    record ToolCall(String callId, String name, String argumentsJson) {
    }

    /** The usage a reply reports; {@code cachedTokens} are part of {@code inputTokens}, as OpenAI counts them. */
    record TokenUsage(long inputTokens, long outputTokens, long cachedTokens) {

        static TokenUsage defaults(long outputTokens) {
            return new TokenUsage(12, outputTokens, 0);
        }
    }

    /** This reply, reporting the given usage. */
    default FakeReply withUsage(long inputTokens, long outputTokens, long cachedTokens) {
        return new WithUsage(this instanceof WithUsage scripted ? scripted.reply() : this,
                new TokenUsage(inputTokens, outputTokens, cachedTokens));
    }

    static Text text(String... tokens) {
        return new Text(List.of(tokens), Duration.ZERO, Duration.ZERO);
    }

    static Text text(List<String> tokens, Duration interval) {
        return new Text(tokens, Duration.ZERO, interval);
    }

    static HttpError error(int status, String message) {
        return new HttpError(status, message, Map.of());
    }

    static ToolCalls toolCall(String callId, String name, String argumentsJson) {
        return new ToolCalls(List.of(new ToolCall(callId, name, argumentsJson)));
    }
}

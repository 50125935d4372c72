package dev.threadline.testing;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** Chat Completions streaming: {@code data: <chunk>} lines, a usage chunk, then {@code data: [DONE]}. */
final class ChatCompletionsStream implements WireStream {

    private final JsonMapper json;
    private final String model;
    private final String id;

    ChatCompletionsStream(JsonMapper json, String model, String id) {
        this.json = json;
        this.model = model;
        this.id = "chatcmpl-fake-" + id;
    }

    @Override
    public String start() {
        return chunk(Map.of("role", "assistant", "content", ""), null);
    }

    @Override
    public String textDelta(String token) {
        return "data: {\"id\":" + json.writeValueAsString(id) + ",\"object\":\"chat.completion.chunk\",\"created\":"
                + Instant.now().getEpochSecond() + ",\"model\":" + json.writeValueAsString(model)
                + ",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + json.writeValueAsString(token)
                + "},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
    }

    @Override
    public String finishText(String fullText, FakeReply.TokenUsage usage) {
        return chunk(Map.of(), "stop") + usage(usage) + "data: [DONE]\n\n";
    }

    @Override
    public String toolCall(int index, FakeReply.ToolCall call) {
        StringBuilder sse = new StringBuilder(chunk(Map.of("tool_calls", List.of(Map.of("index", index, "id",
                call.callId(), "type", "function", "function", Map.of("name", call.name(), "arguments", "")))), null));
        for (String piece : WireStream.pieces(call.argumentsJson())) {
            sse.append(chunk(Map.of("tool_calls", List.of(Map.of("index", index, "function",
                    Map.of("arguments", piece)))), null));
        }
        return sse.toString();
    }

    @Override
    public String finishToolCalls(List<FakeReply.ToolCall> calls, FakeReply.TokenUsage usage) {
        return chunk(Map.of(), "tool_calls") + usage(usage) + "data: [DONE]\n\n";
    }

    private String chunk(Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        return data(envelope(List.of(choice), null));
    }

    /** The last chunk of a stream asked for {@code stream_options.include_usage}: no choices, the usage. */
    private String usage(FakeReply.TokenUsage usage) {
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("prompt_tokens", usage.inputTokens());
        members.put("completion_tokens", usage.outputTokens());
        members.put("total_tokens", usage.inputTokens() + usage.outputTokens());
        members.put("prompt_tokens_details", Map.of("cached_tokens", usage.cachedTokens(), "audio_tokens", 0));
        members.put("completion_tokens_details", Map.of("reasoning_tokens", 0, "audio_tokens", 0,
                "accepted_prediction_tokens", 0, "rejected_prediction_tokens", 0));
        return data(envelope(List.of(), members));
    }

    private Map<String, Object> envelope(List<Object> choices, Map<String, Object> usage) {
        Map<String, Object> chunk = new LinkedHashMap<>();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", Instant.now().getEpochSecond());
        chunk.put("model", model);
        chunk.put("choices", choices);
        if (usage != null) {
            chunk.put("usage", usage);
        }
        return chunk;
    }

    private String data(Object value) {
        return "data: " + json.writeValueAsString(value) + "\n\n";
    }
}

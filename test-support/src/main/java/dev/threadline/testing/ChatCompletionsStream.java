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
    public String finishText(String fullText, int outputTokens) {
        return chunk(Map.of(), "stop") + usage(outputTokens) + "data: [DONE]\n\n";
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
    public String finishToolCalls(List<FakeReply.ToolCall> calls) {
        return chunk(Map.of(), "tool_calls") + usage(calls.size() * 10) + "data: [DONE]\n\n";
    }

    private String chunk(Map<String, Object> delta, String finishReason) {
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("delta", delta);
        choice.put("logprobs", null);
        choice.put("finish_reason", finishReason);
        return data(envelope(List.of(choice), null));
    }

    private String usage(int outputTokens) {
        return data(envelope(List.of(), Map.of("prompt_tokens", 12, "completion_tokens", outputTokens,
                "total_tokens", 12 + outputTokens)));
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

package dev.threadline.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** Responses API streaming: typed {@code event:} / {@code data:} pairs from {@code response.created} to {@code response.completed}. */
final class ResponsesStream implements WireStream {

    private final JsonMapper json;
    private final String model;
    private final String id;
    private final String messageItemId;
    private int sequence;

    ResponsesStream(JsonMapper json, String model, String id) {
        this.json = json;
        this.model = model;
        this.id = "resp_fake_" + id;
        this.messageItemId = "msg_fake_" + id;
    }

    @Override
    public String start() {
        return event("response.created", Map.of("response", response("in_progress", List.of(), null)))
                + event("response.in_progress", Map.of("response", response("in_progress", List.of(), null)))
                + event("response.output_item.added", Map.of("output_index", 0, "item", messageItem("in_progress", "")))
                + event("response.content_part.added", Map.of("item_id", messageItemId, "output_index", 0,
                        "content_index", 0, "part", textPart("")));
    }

    /** Rendered from a template: a benchmark writes tens of thousands of these a second. */
    @Override
    public String textDelta(String token) {
        return "event: response.output_text.delta\ndata: {\"type\":\"response.output_text.delta\",\"sequence_number\":"
                + sequence++ + ",\"item_id\":\"" + messageItemId + "\",\"output_index\":0,\"content_index\":0,\"delta\":"
                + json.writeValueAsString(token) + ",\"logprobs\":[]}\n\n";
    }

    @Override
    public String finishText(String fullText, FakeReply.TokenUsage usage) {
        Map<String, Object> item = messageItem("completed", fullText);
        return event("response.output_text.done", Map.of("item_id", messageItemId, "output_index", 0,
                "content_index", 0, "text", fullText, "logprobs", List.of()))
                + event("response.content_part.done", Map.of("item_id", messageItemId, "output_index", 0,
                        "content_index", 0, "part", textPart(fullText)))
                + event("response.output_item.done", Map.of("output_index", 0, "item", item))
                + event("response.completed", Map.of("response", response("completed", List.of(item), usage)));
    }

    @Override
    public String toolCall(int index, FakeReply.ToolCall call) {
        int outputIndex = index + 1;
        String itemId = "fc_" + call.callId();
        StringBuilder sse = new StringBuilder(event("response.output_item.added",
                Map.of("output_index", outputIndex, "item", functionItem(call, itemId, "in_progress", ""))));
        for (String piece : WireStream.pieces(call.argumentsJson())) {
            sse.append(event("response.function_call_arguments.delta",
                    Map.of("item_id", itemId, "output_index", outputIndex, "delta", piece)));
        }
        sse.append(event("response.function_call_arguments.done", Map.of("item_id", itemId, "output_index",
                outputIndex, "name", call.name(), "arguments", call.argumentsJson())));
        sse.append(event("response.output_item.done", Map.of("output_index", outputIndex, "item",
                functionItem(call, itemId, "completed", call.argumentsJson()))));
        return sse.toString();
    }

    @Override
    public String finishToolCalls(List<FakeReply.ToolCall> calls, FakeReply.TokenUsage usage) {
        List<Object> output = new ArrayList<>();
        output.add(messageItem("completed", ""));
        for (FakeReply.ToolCall call : calls) {
            output.add(functionItem(call, "fc_" + call.callId(), "completed", call.argumentsJson()));
        }
        return event("response.output_text.done", Map.of("item_id", messageItemId, "output_index", 0,
                "content_index", 0, "text", "", "logprobs", List.of()))
                + event("response.output_item.done", Map.of("output_index", 0, "item", messageItem("completed", "")))
                + event("response.completed", Map.of("response", response("completed", output, usage)));
    }

    private Map<String, Object> functionItem(FakeReply.ToolCall call, String itemId, String status, String arguments) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "function_call");
        item.put("id", itemId);
        item.put("call_id", call.callId());
        item.put("name", call.name());
        item.put("arguments", arguments);
        item.put("status", status);
        return item;
    }

    private Map<String, Object> messageItem(String status, String text) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", "message");
        item.put("id", messageItemId);
        item.put("status", status);
        item.put("role", "assistant");
        item.put("content", text.isEmpty() && !"completed".equals(status) ? List.of() : List.of(textPart(text)));
        return item;
    }

    private static Map<String, Object> textPart(String text) {
        return Map.of("type", "output_text", "text", text, "annotations", List.of());
    }

    private Map<String, Object> response(String status, List<Object> output, FakeReply.TokenUsage usage) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", id);
        response.put("object", "response");
        response.put("created_at", Instant.now().getEpochSecond());
        response.put("status", status);
        response.put("error", null);
        response.put("incomplete_details", null);
        response.put("instructions", null);
        response.put("metadata", Map.of());
        response.put("model", model);
        response.put("output", output);
        response.put("parallel_tool_calls", true);
        response.put("temperature", 1.0);
        response.put("tool_choice", "auto");
        response.put("tools", List.of());
        response.put("top_p", 1.0);
        if (usage != null) {
            response.put("usage", Map.of("input_tokens", usage.inputTokens(),
                    "input_tokens_details", Map.of("cached_tokens", usage.cachedTokens()),
                    "output_tokens", usage.outputTokens(), "output_tokens_details", Map.of("reasoning_tokens", 0),
                    "total_tokens", usage.inputTokens() + usage.outputTokens()));
        }
        return response;
    }

    private String event(String type, Map<String, Object> members) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("type", type);
        data.put("sequence_number", sequence++);
        data.putAll(members);
        return "event: " + type + "\ndata: " + json.writeValueAsString(data) + "\n\n";
    }
}

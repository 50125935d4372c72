package dev.threadline.worker.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputContent;
import com.openai.models.responses.ResponseInputImage;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseInputText;
import com.openai.models.responses.ResponseStreamEvent;

/**
 * The Responses API ({@code POST /responses}, streamed). Threadline keeps the conversation, so nothing is
 * stored at the provider and earlier tool calls are sent back as input items.
 */
final class ResponsesModel implements ChatModel {

    private static final String TEXT_DELTA = "response.output_text.delta";

    private final OpenAIClient client;
    private final RequestHeaders headers;

    public ResponsesModel(OpenAIClient client) {
        this(client, RequestHeaders.NONE);
    }

    public ResponsesModel(OpenAIClient client, RequestHeaders headers) {
        this.client = client;
        this.headers = headers;
    }

    @Override
    public ModelResult stream(ModelRequest request, Consumer<String> onText, Cancellation cancellation) {
        ResponseCreateParams.Builder params = ResponseCreateParams.builder()
                .model(request.model())
                .instructions(request.instructions())
                .inputOfResponse(input(request.items()))
                .store(false);
        request.tools().forEach(tool -> params.addTool(functionTool(tool)));
        if (request.temperature() != null) {
            params.temperature(request.temperature());
        }
        headers.current().forEach(params::putAdditionalHeader);
        StringBuilder text = new StringBuilder();
        List<ConversationItem.ToolCall> calls = new ArrayList<>();
        long[] usage = new long[3];
        ModelStreams.readEvents(() -> client.responses().withRawResponse().createStreaming(params.build()),
                cancellation, (name, data) -> {
            String delta = TEXT_DELTA.equals(name) ? ServerSentEvents.stringMember(data, "delta") : null;
            if (delta != null) {
                text.append(delta);
                onText.accept(delta);
                return;
            }
            ResponseStreamEvent event = ServerSentEvents.parse(data, ResponseStreamEvent.class);
            event.outputTextDelta().ifPresent(fallback -> {
                text.append(fallback.delta());
                onText.accept(fallback.delta());
            });
            event.outputItemDone().flatMap(done -> done.item().functionCall()).ifPresent(call ->
                    calls.add(new ConversationItem.ToolCall(call.callId(), call.name(), call.arguments())));
            event.completed().flatMap(completed -> completed.response().usage()).ifPresent(done -> {
                usage[0] = done.inputTokens();
                usage[1] = done.outputTokens();
                usage[2] = done._inputTokensDetails().asKnown()
                        .flatMap(details -> details._cachedTokens().asKnown()).orElse(0L);
            });
            event.failed().ifPresent(failed -> {
                throw new ModelException("model_error", "The model response failed", true, null);
            });
            event.error().ifPresent(error -> {
                throw new ModelException("model_error", "The model stream reported: " + error.message(), true, null);
            });
        });
        return new ModelResult(text.toString(), calls, usage[0], usage[1], usage[2]);
    }

    private static FunctionTool functionTool(ToolSpec tool) {
        FunctionTool.Parameters.Builder parameters = FunctionTool.Parameters.builder();
        tool.parameters().forEach((key, value) -> parameters.putAdditionalProperty(key, JsonValue.from(value)));
        return FunctionTool.builder().name(tool.name()).description(tool.description())
                .parameters(parameters.build()).strict(false).build();
    }

    private static List<ResponseInputItem> input(List<ConversationItem> items) {
        List<ResponseInputItem> input = new ArrayList<>(items.size());
        for (ConversationItem item : items) {
            input.add(switch (item) {
                case ConversationItem.UserText user when !user.imageUrls().isEmpty() -> userWithImages(user);
                case ConversationItem.UserText user -> message(EasyInputMessage.Role.USER, user.text());
                case ConversationItem.AssistantText assistant -> message(EasyInputMessage.Role.ASSISTANT, assistant.text());
                case ConversationItem.ToolCall call -> ResponseInputItem.ofFunctionCall(ResponseFunctionToolCall.builder()
                        .callId(call.callId()).name(call.name()).arguments(call.argumentsJson()).build());
                case ConversationItem.ToolOutput output -> ResponseInputItem.ofFunctionCallOutput(
                        ResponseInputItem.FunctionCallOutput.builder().callId(output.callId()).output(output.output())
                                .build());
            });
        }
        return input;
    }

    private static ResponseInputItem message(EasyInputMessage.Role role, String text) {
        return ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder().role(role).content(text).build());
    }

    private static ResponseInputItem userWithImages(ConversationItem.UserText user) {
        List<ResponseInputContent> content = new ArrayList<>();
        content.add(ResponseInputContent.ofInputText(ResponseInputText.builder().text(user.text()).build()));
        user.imageUrls().forEach(url -> content.add(ResponseInputContent.ofInputImage(ResponseInputImage.builder()
                .imageUrl(url).detail(ResponseInputImage.Detail.AUTO).build())));
        return ResponseInputItem.ofMessage(ResponseInputItem.Message.builder()
                .role(ResponseInputItem.Message.Role.USER).content(content).build());
    }
}

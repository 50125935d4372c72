package dev.threadline.worker.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;

/**
 * Chat Completions ({@code POST /chat/completions}, streamed), as served by OpenAI, Azure, Ollama and
 * vLLM. Tool calls arrive as indexed fragments and are assembled here.
 */
final class ChatCompletionsModel implements ChatModel {

    private final OpenAIClient client;
    private final RequestHeaders headers;

    public ChatCompletionsModel(OpenAIClient client) {
        this(client, RequestHeaders.NONE);
    }

    public ChatCompletionsModel(OpenAIClient client, RequestHeaders headers) {
        this.client = client;
        this.headers = headers;
    }

    @Override
    public ModelResult stream(ModelRequest request, Consumer<String> onText, Cancellation cancellation) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(request.model())
                .addSystemMessage(request.instructions())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        addMessages(params, request.items());
        request.tools().forEach(tool -> params.addFunctionTool(functionDefinition(tool)));
        if (request.temperature() != null) {
            params.temperature(request.temperature());
        }
        headers.current().forEach(params::putAdditionalHeader);
        StringBuilder text = new StringBuilder();
        Map<Long, PendingCall> calls = new TreeMap<>();
        long[] usage = new long[3];
        ModelStreams.readEvents(() -> client.chat().completions().withRawResponse().createStreaming(params.build()),
                cancellation, (event, data) -> {
            String plain = ServerSentEvents.chatText(data);
            if (plain != null) {
                if (!plain.isEmpty()) {
                    text.append(plain);
                    onText.accept(plain);
                }
                return;
            }
            ChatCompletionChunk chunk = ServerSentEvents.parse(data, ChatCompletionChunk.class);
            chunk.choices().forEach(choice -> {
                choice.delta().content().ifPresent(delta -> {
                    if (!delta.isEmpty()) {
                        text.append(delta);
                        onText.accept(delta);
                    }
                });
                choice.delta().toolCalls().ifPresent(fragments -> fragments.forEach(fragment -> {
                    PendingCall call = calls.computeIfAbsent(fragment.index(), index -> new PendingCall());
                    fragment.id().ifPresent(id -> call.id = id);
                    fragment.function().ifPresent(function -> {
                        function.name().ifPresent(name -> call.name = name);
                        function.arguments().ifPresent(call.arguments::append);
                    });
                }));
            });
            chunk.usage().ifPresent(done -> {
                usage[0] = done.promptTokens();
                usage[1] = done.completionTokens();
                usage[2] = done.promptTokensDetails().flatMap(details -> details.cachedTokens()).orElse(0L);
            });
        });
        List<ConversationItem.ToolCall> toolCalls = calls.values().stream()
                .map(call -> new ConversationItem.ToolCall(call.id, call.name, call.arguments.toString())).toList();
        return new ModelResult(text.toString(), toolCalls, usage[0], usage[1], usage[2]);
    }

    private static void addMessages(ChatCompletionCreateParams.Builder params, List<ConversationItem> items) {
        ChatCompletionAssistantMessageParam.Builder pendingCalls = null;
        for (ConversationItem item : items) {
            if (!(item instanceof ConversationItem.ToolCall) && pendingCalls != null) {
                params.addMessage(pendingCalls.build());
                pendingCalls = null;
            }
            switch (item) {
                case ConversationItem.UserText user when !user.imageUrls().isEmpty() ->
                        params.addUserMessageOfArrayOfContentParts(contentParts(user));
                case ConversationItem.UserText user -> params.addUserMessage(user.text());
                case ConversationItem.AssistantText assistant -> params.addAssistantMessage(assistant.text());
                case ConversationItem.ToolCall call -> {
                    if (pendingCalls == null) {
                        pendingCalls = ChatCompletionAssistantMessageParam.builder();
                    }
                    pendingCalls.addToolCall(ChatCompletionMessageFunctionToolCall.builder().id(call.callId())
                            .function(ChatCompletionMessageFunctionToolCall.Function.builder().name(call.name())
                                    .arguments(call.argumentsJson()).build())
                            .build());
                }
                case ConversationItem.ToolOutput output -> params.addMessage(ChatCompletionToolMessageParam.builder()
                        .toolCallId(output.callId()).content(output.output()).build());
            }
        }
        if (pendingCalls != null) {
            params.addMessage(pendingCalls.build());
        }
    }

    private static List<ChatCompletionContentPart> contentParts(ConversationItem.UserText user) {
        List<ChatCompletionContentPart> parts = new ArrayList<>();
        parts.add(ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text(user.text()).build()));
        user.imageUrls().forEach(url -> parts.add(ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage
                .builder().imageUrl(ChatCompletionContentPartImage.ImageUrl.builder().url(url).build()).build())));
        return parts;
    }

    private static FunctionDefinition functionDefinition(ToolSpec tool) {
        FunctionParameters.Builder parameters = FunctionParameters.builder();
        tool.parameters().forEach((key, value) -> parameters.putAdditionalProperty(key, JsonValue.from(value)));
        return FunctionDefinition.builder().name(tool.name()).description(tool.description())
                .parameters(parameters.build()).build();
    }

    private static final class PendingCall {
        private String id = "";
        private String name = "";
        private final StringBuilder arguments = new StringBuilder();
    }
}

package dev.threadline.worker.model;

import java.util.function.Consumer;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;

/** Chat Completions ({@code POST /chat/completions}, streamed), as served by OpenAI, Azure, Ollama and vLLM. */
public final class ChatCompletionsModel implements ChatModel {

    private final OpenAIClient client;

    public ChatCompletionsModel(OpenAIClient client) {
        this.client = client;
    }

    @Override
    public ModelResult stream(ModelRequest request, Consumer<String> onText, Cancellation cancellation) {
        ChatCompletionCreateParams.Builder params = ChatCompletionCreateParams.builder()
                .model(request.model())
                .addSystemMessage(request.instructions())
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
        for (Turn turn : request.turns()) {
            if (turn.speaker() == Turn.Speaker.USER) {
                params.addUserMessage(turn.text());
            }
            else {
                params.addAssistantMessage(turn.text());
            }
        }
        if (request.temperature() != null) {
            params.temperature(request.temperature());
        }
        StringBuilder text = new StringBuilder();
        long[] usage = new long[2];
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params.build())) {
            cancellation.watch(stream);
            stream.stream().takeWhile(chunk -> !cancellation.isCancelled()).forEach(chunk -> {
                chunk.choices().forEach(choice -> choice.delta().content().ifPresent(delta -> {
                    if (!delta.isEmpty()) {
                        text.append(delta);
                        onText.accept(delta);
                    }
                }));
                chunk.usage().ifPresent(done -> {
                    usage[0] = done.promptTokens();
                    usage[1] = done.completionTokens();
                });
            });
        }
        catch (RuntimeException ex) {
            if (!cancellation.isCancelled()) {
                throw ModelErrors.translate(ex);
            }
        }
        finally {
            cancellation.release();
        }
        return new ModelResult(text.toString(), usage[0], usage[1]);
    }
}

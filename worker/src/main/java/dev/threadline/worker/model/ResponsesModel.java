package dev.threadline.worker.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;

/** The Responses API ({@code POST /responses}, streamed). Threadline keeps the conversation, so nothing is stored at the provider. */
public final class ResponsesModel implements ChatModel {

    private final OpenAIClient client;

    public ResponsesModel(OpenAIClient client) {
        this.client = client;
    }

    @Override
    public ModelResult stream(ModelRequest request, Consumer<String> onText, Cancellation cancellation) {
        ResponseCreateParams.Builder params = ResponseCreateParams.builder()
                .model(request.model())
                .instructions(request.instructions())
                .inputOfResponse(input(request.turns()))
                .store(false);
        if (request.temperature() != null) {
            params.temperature(request.temperature());
        }
        StringBuilder text = new StringBuilder();
        long[] usage = new long[2];
        try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(params.build())) {
            cancellation.watch(stream);
            stream.stream().takeWhile(event -> !cancellation.isCancelled()).forEach(event -> {
                event.outputTextDelta().ifPresent(delta -> {
                    text.append(delta.delta());
                    onText.accept(delta.delta());
                });
                event.completed().flatMap(completed -> completed.response().usage()).ifPresent(done -> {
                    usage[0] = done.inputTokens();
                    usage[1] = done.outputTokens();
                });
                event.failed().ifPresent(failed -> {
                    throw new ModelException("model_error", "The model response failed", true, null);
                });
                event.error().ifPresent(error -> {
                    throw new ModelException("model_error", "The model stream reported: " + error.message(), true,
                            null);
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

    private static List<ResponseInputItem> input(List<Turn> turns) {
        List<ResponseInputItem> items = new ArrayList<>(turns.size());
        for (Turn turn : turns) {
            items.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                    .role(turn.speaker() == Turn.Speaker.USER ? EasyInputMessage.Role.USER
                            : EasyInputMessage.Role.ASSISTANT)
                    .content(turn.text())
                    .build()));
        }
        return items;
    }

}

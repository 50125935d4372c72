package dev.threadline.worker.model;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.openai.models.chat.completions.ChatCompletionChunk;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ServerSentEventsTests {

    @Test
    void decodesEventsAsTheSpecSaysAndStopsAtDone() throws IOException {
        String stream = """
                : a comment
                event: first
                data: {"a":1}

                data:no space
                data: second line

                event: metadata only

                data: [DONE]

                data: never read

                """;
        List<String> seen = new ArrayList<>();

        ServerSentEvents.read(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)), new Cancellation(),
                (name, data) -> seen.add(name + "|" + data));

        assertThat(seen).containsExactly("first|{\"a\":1}", "null|no space\nsecond line");
    }

    @Test
    void aCancelledRunStopsReading() throws IOException {
        Cancellation cancellation = new Cancellation();
        List<String> seen = new ArrayList<>();

        ServerSentEvents.read(new ByteArrayInputStream("data: 1\n\ndata: 2\n\n".getBytes(StandardCharsets.UTF_8)),
                cancellation, (name, data) -> {
                    seen.add(data);
                    cancellation.cancel();
                });

        assertThat(seen).containsExactly("1");
    }

    @Test
    void findsAStringMemberWithoutBuildingTheObject() {
        String event = "{\"type\":\"response.output_text.delta\",\"item_id\":\"m\",\"logprobs\":[{\"x\":\"delta\"}],"
                + "\"delta\":\"Na\\u00efve \\\"quote\\\"\",\"sequence_number\":4}";

        assertThat(ServerSentEvents.stringMember(event, "delta")).isEqualTo("Naïve \"quote\"");
        assertThat(ServerSentEvents.stringMember(event, "missing")).isNull();
        assertThat(ServerSentEvents.stringMember("{\"delta\":3}", "delta")).isNull();
        assertThat(ServerSentEvents.stringMember("[]", "delta")).isNull();
    }

    @Test
    void takesTheFastPathOnlyForChunksThatCarryNothingButText() {
        assertThat(ServerSentEvents.chatText(chunk("{\"content\":\"Hi\"}", "null", "null"))).isEqualTo("Hi");
        assertThat(ServerSentEvents.chatText(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null", "null"))).isEmpty();
        assertThat(ServerSentEvents.chatText(chunk("{}", "\"stop\"", "null"))).isEmpty();
        assertThat(ServerSentEvents.chatText(chunk("{\"tool_calls\":[{\"index\":0}]}", "null", "null"))).isNull();
        assertThat(ServerSentEvents.chatText(chunk("{}", "\"stop\"", "{\"prompt_tokens\":3}"))).isNull();
        assertThat(ServerSentEvents.chatText("{\"choices\":[{\"delta\":{\"content\":\"a\"}},{\"delta\":{\"content\":\"b\"}}]}"))
                .isNull();
        assertThat(ServerSentEvents.chatText("{\"error\":{\"message\":\"overloaded\"}}")).isNull();
    }

    @Test
    void otherEventsBecomeOpenAiJavaModelsAndAnErrorMemberEndsTheCall() {
        ChatCompletionChunk usage = ServerSentEvents.parse("{\"id\":\"c\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1,\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,"
                + "\"total_tokens\":8}}", ChatCompletionChunk.class);

        assertThat(usage.usage()).hasValueSatisfying(done -> assertThat(done.completionTokens()).isEqualTo(5));
        assertThatExceptionOfType(ModelException.class)
                .isThrownBy(() -> ServerSentEvents.parse("{\"error\":{\"message\":\"overloaded\"}}", ChatCompletionChunk.class))
                .withMessageContaining("overloaded")
                .satisfies(ex -> assertThat(ex.code()).isEqualTo("model_error"));
    }

    private static String chunk(String delta, String finishReason, String usage) {
        return "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}],\"usage\":" + usage + "}";
    }
}

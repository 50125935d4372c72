package dev.threadline.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;

/**
 * 1. Added first-token latency: conversations one after another (each in a new thread), SEND to the first
 * {@code message.delta}, minus the model's own time to first token; and that model time measured directly
 * with openai-java against the same fake model.
 */
final class LatencyScenario {

    private static final int ANSWER_TOKENS = 8;

    private LatencyScenario() {
    }

    static void run(Stack stack, BenchSettings settings, Report report) {
        Latencies added = new Latencies();
        Latencies endToEnd = new Latencies();
        Latencies toModel = new Latencies();
        Latencies toClient = new Latencies();
        Latencies direct = new Latencies();
        try (Load load = new Load(stack)) {
            load.scriptModel(ANSWER_TOKENS, settings.ttftMillis(), settings.tokensPerSecond(), settings.stampEvery());
            List<Conversation> conversations = load.conversations("latency", settings.warmup() + settings.latencySamples(),
                    new Latencies());
            load.connect(conversations);
            for (int i = 0; i < conversations.size(); i++) {
                Conversation conversation = conversations.get(i);
                load.send(conversation);
                conversation.ended.orTimeout(30, TimeUnit.SECONDS).join();
                if (i >= settings.warmup()) {
                    added.record(conversation.addedFirstTokenMicros());
                    endToEnd.record(conversation.endToEndFirstTokenMicros());
                    toModel.record(conversation.sendToModelMicros());
                    toClient.record(conversation.firstTokenToClientMicros());
                }
            }
            measureModelDirectly(stack, settings, direct);
        }
        report.table("1. First-token latency (%d conversations one at a time, after %d warm-up)".formatted(
                settings.latencySamples(), settings.warmup()), List.of("measure", "p50", "p99"), List.of(
                        List.of("**Threadline's added latency** (SEND → model request, + model's first token → client)",
                                Report.millis(added.percentileMillis(50)), Report.millis(added.percentileMillis(99))),
                        List.of("… of it: SEND → the model receives the request (gateway, queue, worker's start of the run)",
                                Report.millis(toModel.percentileMillis(50)), Report.millis(toModel.percentileMillis(99))),
                        List.of("… of it: the model's first token → the client (worker, broker, gateway)",
                                Report.millis(toClient.percentileMillis(50)), Report.millis(toClient.percentileMillis(99))),
                        List.of("SEND → first `message.delta` at the client (end to end)",
                                Report.millis(endToEnd.percentileMillis(50)), Report.millis(endToEnd.percentileMillis(99))),
                        List.of("the model's own time to first token, measured directly (openai-java → fake model)",
                                Report.millis(direct.percentileMillis(50)), Report.millis(direct.percentileMillis(99)))));
    }

    private static void measureModelDirectly(Stack stack, BenchSettings settings, Latencies direct) {
        OpenAIClient client = OpenAIOkHttpClient.builder().apiKey("bench-key").baseUrl(stack.model.baseUrl())
                .timeout(Duration.ofSeconds(30)).build();
        try {
            for (int i = 0; i < settings.warmup() + settings.latencySamples(); i++) {
                long started = System.nanoTime();
                try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(
                        ResponseCreateParams.builder().model("gpt-4.1-mini").input("hi").build())) {
                    boolean first = true;
                    for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) stream.stream()::iterator) {
                        if (first && event.outputTextDelta().isPresent()) {
                            first = false;
                            if (i >= settings.warmup()) {
                                direct.record((System.nanoTime() - started) / 1_000);
                            }
                        }
                    }
                }
            }
        }
        finally {
            client.close();
        }
    }
}

package dev.threadline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.threadline.testing.FakeOpenAiServer;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The floor every streaming path is measured against: the same fake model streamed straight to plain SSE
 * clients in the benchmark's process, no Threadline in between. Same streams, same token rate, same
 * markers, sent spread over the same second; CPU is the benchmark process's (model and clients).
 */
final class FloorScenario {

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FloorScenario() {
    }

    /** One row of the streams table for {@code streams} direct SSE clients of the model. */
    static List<String> measure(FakeOpenAiServer model, BenchSettings settings, int streams) {
        Load.scriptModel(model, settings.answerTokens(), settings.ttftMillis(), settings.tokensPerSecond(),
                settings.stampEvery());
        Latencies chunks = new Latencies();
        Latencies firstDeltas = new Latencies();
        List<SseStream> clients = IntStream.range(0, streams).mapToObj(i -> new SseStream(settings.api(), chunks)).toList();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        double seconds;
        Map<String, ResourceMeter.Usage> usage;
        try (ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();
                HttpClient http = HttpClient.newBuilder().executor(readers).build();
                ResourceMeter meter = new ResourceMeter(Map.of("bench", new ProcessStats(ProcessHandle.current().pid())))) {
            long started = System.nanoTime();
            Load.spread(clients, Duration.ofSeconds(1),
                    stream -> done.add(CompletableFuture.runAsync(() -> stream.read(http, model.baseUrl()), readers)));
            try {
                CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                        .get(120 + 2L * settings.answerTokens() / Math.max(1, settings.tokensPerSecond()), TimeUnit.SECONDS);
            }
            catch (Exception timedOut) {
                // the row counts the streams that did not end
            }
            seconds = (System.nanoTime() - started) / 1e9;
            usage = meter.usage();
        }
        clients.stream().filter(c -> c.firstDeltaMicros > 0).forEach(c -> firstDeltas.record(c.firstDeltaMicros - c.sentMicros));
        long tokens = clients.stream().mapToLong(c -> Markers.tokens(c.text.toString())).sum();
        long complete = clients.stream().filter(c -> c.complete(settings.answerTokens())).count();
        return List.of("floor: model → plain SSE clients", Integer.toString(streams),
                "%,d".formatted((long) streams * settings.tokensPerSecond()), "%,.0f".formatted(tokens / seconds),
                Report.millis(chunks.percentileMillis(50)), Report.millis(chunks.percentileMillis(99)), "n/a", "n/a",
                Report.millis(firstDeltas.percentileMillis(50)), Report.millis(firstDeltas.percentileMillis(99)),
                complete + " / " + streams, Long.toString(streams - complete),
                "(none) — model + clients: " + Report.microsPerToken(usage, tokens, List.of("bench")), "n/a", "n/a", "n/a", "n/a", "n/a",
                Report.usage(usage, "bench"));
    }

    /** One client's stream: its text, first delta and chunk latencies. */
    private static final class SseStream {

        private final String api;
        private final Latencies chunks;
        private final StringBuilder text = new StringBuilder();
        private volatile long sentMicros;
        private volatile long firstDeltaMicros;

        SseStream(String api, Latencies chunks) {
            this.api = api;
            this.chunks = chunks;
        }

        void read(HttpClient http, String baseUrl) {
            boolean chat = "chat-completions".equals(api);
            String body = chat ? "{\"model\":\"bench\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"
                    : "{\"model\":\"bench\",\"stream\":true,\"input\":\"Hi\"}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + (chat ? "/chat/completions" : "/responses")))
                    .header("Authorization", "Bearer bench-key").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            sentMicros = Markers.nowMicros();
            try (Stream<String> lines = http.send(request, HttpResponse.BodyHandlers.ofLines()).body()) {
                lines.filter(line -> line.startsWith("data: {")).forEach(line -> {
                    String delta = chat ? chatDelta(line.substring(6)) : responsesDelta(line.substring(6));
                    if (!delta.isEmpty()) {
                        onDelta(delta, Markers.nowMicros());
                    }
                });
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }

        private synchronized void onDelta(String delta, long now) {
            if (text.isEmpty()) {
                firstDeltaMicros = now;
            }
            text.append(delta);
            Markers.emissions(delta, emitted -> chunks.record(now - emitted));
        }

        synchronized boolean complete(int expectedTokens) {
            return Markers.tokens(text.toString()) == expectedTokens && text.toString().endsWith(Markers.END);
        }

        private static String responsesDelta(String data) {
            String type = "";
            String delta = "";
            try (JsonParser parser = JSON_FACTORY.createParser(ObjectReadContext.empty(), data)) {
                parser.nextToken();
                for (String member = parser.nextName(); member != null; member = parser.nextName()) {
                    parser.nextToken();
                    switch (member) {
                        case "type" -> type = parser.getString();
                        case "delta" -> delta = parser.getString();
                        default -> parser.skipChildren();
                    }
                }
            }
            return "response.output_text.delta".equals(type) ? delta : "";
        }

        private static String chatDelta(String data) {
            return JSON.readTree(data).path("choices").path(0).path("delta").path("content").asString("");
        }
    }
}

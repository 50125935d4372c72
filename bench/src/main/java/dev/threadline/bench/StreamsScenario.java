package dev.threadline.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 2–3. Concurrent streams: N conversations streaming at once through one worker and one gateway, at the
 * model's token rate; chunk latency from the timestamps in the tokens, tokens delivered per second, CPU
 * and RSS of every process, and whether every answer arrived complete.
 */
final class StreamsScenario {

    private StreamsScenario() {
    }

    static void run(Stack stack, BenchSettings settings, Report report) {
        List<List<String>> rows = new ArrayList<>();
        for (int streams : settings.streams()) {
            rows.add(measure(stack, settings, streams, report));
        }
        report.table(("2–3. Concurrent streams (%d tokens per answer at %d tokens/s each, time to first token %d ms; "
                + "the messages are sent over the first second)")
                .formatted(settings.answerTokens(), settings.tokensPerSecond(), settings.ttftMillis()),
                List.of("streams", "offered tokens/s", "delivered tokens/s", "chunk latency p50", "chunk latency p99",
                        "complete answers", "failures", "gateway CPU / RSS", "worker CPU / RSS", "RabbitMQ CPU / RSS",
                        "store CPU / RSS", "bench (load + model) CPU / RSS"), rows);
    }

    private static List<String> measure(Stack stack, BenchSettings settings, int streams, Report report) {
        Latencies chunks = new Latencies();
        try (Load load = new Load(stack)) {
            load.scriptModel(settings.answerTokens(), settings.ttftMillis(), settings.tokensPerSecond(),
                    settings.stampEvery());
            List<Conversation> conversations = load.conversations("streams" + streams + "-" + System.nanoTime(), streams,
                    chunks);
            load.connect(conversations);
            Map<String, ResourceMeter.Usage> usage;
            long started;
            long ended;
            try (ResourceMeter meter = new ResourceMeter(stack.processes())) {
                started = System.nanoTime();
                load.sendSpread(conversations, Duration.ofSeconds(1));
                Load.awaitEnds(conversations, Duration.ofSeconds(120 + 2L * settings.answerTokens()
                        / Math.max(1, settings.tokensPerSecond())));
                ended = System.nanoTime();
                usage = meter.usage();
            }
            long complete = conversations.stream().filter(c -> c.complete(settings.answerTokens())).count();
            long tokens = conversations.stream().mapToLong(Conversation::tokensStreamed).sum();
            if (complete < streams) {
                report.problem("%d of %d streams did not arrive complete (ends: %s)".formatted(streams - complete, streams,
                        conversations.stream().map(c -> String.valueOf(c.terminal())).distinct().toList()));
            }
            return List.of(Integer.toString(streams), "%,d".formatted((long) streams * settings.tokensPerSecond()),
                    "%,.0f".formatted(tokens / ((ended - started) / 1e9)), Report.millis(chunks.percentileMillis(50)),
                    Report.millis(chunks.percentileMillis(99)), complete + " / " + streams,
                    Long.toString(streams - complete), Report.usage(usage, "gateway"), Report.usage(usage, "worker"),
                    Report.usage(usage, "rabbitmq"), Report.usage(usage, "store"),
                    Report.usage(usage, "bench (load + model)"));
        }
    }
}

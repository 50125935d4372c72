package dev.threadline.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The chunk path at saturation, to set against the broker's ceiling: streams whose model writes tokens
 * as fast as it can, with coalescing off so every token is one event through worker → RabbitMQ → gateway
 * → client. Events delivered per second, as a share of PerfTest's rate. Runs last: it leaves the worker
 * restarted without coalescing.
 */
final class ChunkThroughputScenario {

    private ChunkThroughputScenario() {
    }

    static void run(Stack stack, BenchSettings settings, long brokerCeiling, Report report) throws IOException {
        stack.restartWorker(List.of("--threadline.runs.flush-interval=0"));
        Warmup.run(stack, settings, report);
        try (Load load = new Load(stack)) {
            load.scriptModel(settings.throughputTokens(), 0, 0, settings.stampEvery());
            List<Conversation> conversations = load.conversations("throughput-" + System.nanoTime(),
                    settings.throughputStreams(), new Latencies());
            load.connect(conversations);
            Map<String, ResourceMeter.Usage> usage;
            long started;
            long ended;
            try (ResourceMeter meter = new ResourceMeter(stack.processes())) {
                started = System.nanoTime();
                load.sendAll(conversations);
                Load.awaitEnds(conversations, Duration.ofMinutes(5));
                ended = System.nanoTime();
                usage = meter.usage();
            }
            long events = conversations.stream().mapToLong(Conversation::deltas).sum();
            long complete = conversations.stream().filter(c -> c.complete(settings.throughputTokens())).count();
            double perSecond = events / ((ended - started) / 1e9);
            if (complete < conversations.size()) {
                report.problem("%d of %d saturation streams did not arrive complete".formatted(
                        conversations.size() - complete, conversations.size()));
            }
            report.table("5. Chunk path at saturation (%d streams × %d tokens, model as fast as it can, coalescing off)"
                    .formatted(settings.throughputStreams(), settings.throughputTokens()),
                    List.of("delta events delivered/s", "share of the broker ceiling", "complete", "gateway CPU / RSS",
                            "worker CPU / RSS", "RabbitMQ CPU / RSS", "bench (load + model) CPU / RSS"),
                    List.of(List.of("%,.0f".formatted(perSecond),
                            brokerCeiling == 0 ? "n/a" : "%.0f%%".formatted(100 * perSecond / brokerCeiling),
                            complete + " / " + conversations.size(), Report.usage(usage, "gateway"),
                            Report.usage(usage, "worker"), Report.usage(usage, "rabbitmq"),
                            Report.usage(usage, "bench (load + model)"))));
        }
    }
}

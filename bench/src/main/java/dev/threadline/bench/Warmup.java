package dev.threadline.bench;

import java.time.Duration;
import java.util.List;

/**
 * Brings the services to steady state before anything is measured: on two cores the JIT compilers of
 * three JVMs need about a minute of load before they stop competing with the work. Streams batches of
 * conversations through the whole path until the time is up.
 */
final class Warmup {

    private static final int BATCH = 50;
    private static final int TOKENS = 200;

    private Warmup() {
    }

    static void run(Stack stack, BenchSettings settings, Report report) {
        if (settings.warmupSeconds() <= 0) {
            return;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(settings.warmupSeconds()).toNanos();
        int conversations = 0;
        try (Load load = new Load(stack)) {
            load.scriptModel(TOKENS, 0, 400, settings.stampEvery());
            while (System.nanoTime() < deadline) {
                List<Conversation> batch = load.conversations("warmup-" + System.nanoTime(), BATCH, new Latencies());
                load.connect(batch);
                load.sendAll(batch);
                Load.awaitEnds(batch, Duration.ofSeconds(60));
                conversations += batch.size();
            }
        }
        report.paragraph("Warm-up: %d conversations of %d tokens streamed in batches of %d for %d s before measuring."
                .formatted(conversations, TOKENS, BATCH, settings.warmupSeconds()));
    }
}

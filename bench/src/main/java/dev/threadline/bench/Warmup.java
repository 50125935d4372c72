package dev.threadline.bench;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;

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
        int conversations = stream(stack, settings, Duration.ofSeconds(settings.warmupSeconds()), (load, batch) -> {
            load.connect(batch);
            load.sendAll(batch);
        });
        report.paragraph("Warm-up: %d conversations of %d tokens streamed in batches of %d for %d s before measuring."
                .formatted(conversations, TOKENS, BATCH, settings.warmupSeconds()));
    }

    /** Warms the Spring broker-relay peer (its own JVM, started late) for a third of the warm-up time. */
    static void relayPeer(Stack stack, BenchSettings settings, Report report) {
        if (settings.warmupSeconds() <= 0) {
            return;
        }
        Duration time = Duration.ofSeconds(Math.max(1, settings.warmupSeconds() / 3));
        URI peer = stack.relayPeer().wsUri();
        int conversations = stream(stack, settings, time, (load, batch) -> {
            load.connectToBroker(batch, peer, settings.rabbitLogin());
            load.sendSpreadOverRest(batch, Duration.ZERO, new Latencies());
        });
        report.paragraph("Relay peer warm-up: %d conversations through it for %d s before measuring it."
                .formatted(conversations, time.toSeconds()));
    }

    private static int stream(Stack stack, BenchSettings settings, Duration time,
            BiConsumer<Load, List<Conversation>> connectAndSend) {
        long deadline = System.nanoTime() + time.toNanos();
        int conversations = 0;
        try (Load load = new Load(stack)) {
            load.scriptModel(TOKENS, 0, 400, settings.stampEvery());
            while (System.nanoTime() < deadline) {
                List<Conversation> batch = load.conversations("warmup-" + System.nanoTime(), BATCH, new Latencies());
                connectAndSend.accept(load, batch);
                Load.awaitEnds(batch, Duration.ofSeconds(60));
                conversations += batch.size();
            }
        }
        return conversations;
    }
}

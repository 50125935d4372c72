package dev.threadline.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * 2–3. Concurrent streams: N conversations streaming at once through one worker and one gateway, at the
 * model's token rate; chunk latency from the timestamps in the tokens, tokens delivered per second, CPU
 * and RSS of every process, and whether every answer arrived complete. Each size starts with the
 * {@link FloorScenario floor} (the same model streamed straight to plain SSE clients), then the paths that
 * relay: each size starts with the next one, since a later row pays for the runs the earlier rows stored.
 */
final class StreamsScenario {

    private StreamsScenario() {
    }

    static void run(Stack stack, BenchSettings settings, Report report) {
        List<List<String>> rows = new ArrayList<>();
        boolean webStomp = listens(WEB_STOMP_PORT);
        boolean brokerRelay = listens(STOMP_PORT) && Files.exists(settings.relayPeerJar());
        if (brokerRelay) {
            Warmup.relayPeer(stack, settings, report);
        }
        List<Path> paths = new ArrayList<>(List.of(Path.THREADLINE));
        if (webStomp) {
            paths.add(Path.WEB_STOMP);
        }
        if (brokerRelay) {
            paths.add(Path.SPRING_BROKER_RELAY);
        }
        for (int streams : settings.streams()) {
            rows.add(FloorScenario.measure(stack.model, settings, streams));
            for (Path path : paths) {
                rows.add(measure(stack, settings, streams, report, path));
            }
            Collections.rotate(paths, -1);
        }
        if (!webStomp || !brokerRelay) {
            report.paragraph("Peers not measured: RabbitMQ Web-STOMP %s, Spring's broker relay %s. ".formatted(
                    webStomp ? "measured" : "(nothing listens on 127.0.0.1:" + WEB_STOMP_PORT + ")",
                    brokerRelay ? "measured" : "(needs RabbitMQ's STOMP plugin on 127.0.0.1:" + STOMP_PORT + " and "
                            + settings.relayPeerJar() + ")")
                    + "`rabbitmq-plugins enable rabbitmq_web_stomp` adds both plugins.");
        }
        report.table(("2–3. Concurrent streams (%d tokens per answer at %d tokens/s each, time to first token %d ms; "
                + "the messages are sent over the first second)")
                .formatted(settings.answerTokens(), settings.tokensPerSecond(), settings.ttftMillis()),
                List.of("path", "streams", "offered tokens/s", "delivered tokens/s", "chunk latency p50", "chunk latency p99",
                        "send answered p50", "send answered p99", "first delta p50", "first delta p99",
                        "complete answers", "failures",
                        "CPU µs per token, per process and together", "gateway CPU / RSS", "relay peer CPU / RSS",
                        "worker CPU / RSS", "RabbitMQ CPU / RSS", "store CPU / RSS", "bench (load + model) CPU / RSS"), rows);
    }

    /** The ports of RabbitMQ's Web-STOMP and STOMP plugins on this machine. */
    static final int WEB_STOMP_PORT = 15674;
    static final int STOMP_PORT = 61613;

    /** How the events reach the clients in a row. */
    private enum Path {
        THREADLINE("Threadline: worker → RabbitMQ → gateway → STOMP"),
        WEB_STOMP("peer: worker → RabbitMQ Web-STOMP (sends over the gateway's REST)"),
        SPRING_BROKER_RELAY("peer: worker → RabbitMQ STOMP → Spring `enableStompBrokerRelay` (sends over the gateway's REST)");

        private final String label;

        Path(String label) {
            this.label = label;
        }
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            return true;
        }
        catch (IOException closed) {
            return false;
        }
    }

    /**
     * One row: clients on the gateway's STOMP endpoint, sending there; or a peer — the same worker, clients
     * subscribed on RabbitMQ's Web-STOMP plugin or on Spring's broker relay, sending over the gateway's REST API.
     */
    private static List<String> measure(Stack stack, BenchSettings settings, int streams, Report report, Path path) {
        Latencies chunks = new Latencies();
        Latencies firstDeltas = new Latencies();
        Latencies sendsAnswered = new Latencies();
        try (Load load = new Load(stack)) {
            load.scriptModel(settings.answerTokens(), settings.ttftMillis(), settings.tokensPerSecond(),
                    settings.stampEvery());
            List<Conversation> conversations = load.conversations("streams" + streams + "-" + System.nanoTime(), streams,
                    chunks);
            switch (path) {
                case THREADLINE -> load.connect(conversations);
                case WEB_STOMP -> load.connectToBroker(conversations, URI.create("ws://127.0.0.1:" + WEB_STOMP_PORT + "/ws"),
                        settings.rabbitLogin());
                case SPRING_BROKER_RELAY -> load.connectToBroker(conversations, stack.relayPeer().wsUri(), settings.rabbitLogin());
            }
            Map<String, ResourceMeter.Usage> usage;
            long started;
            long ended;
            try (ResourceMeter meter = new ResourceMeter(stack.processes())) {
                started = System.nanoTime();
                if (path == Path.THREADLINE) {
                    load.sendSpread(conversations, Duration.ofSeconds(1), sendsAnswered);
                }
                else {
                    load.sendSpreadOverRest(conversations, Duration.ofSeconds(1), sendsAnswered);
                }
                Load.awaitEnds(conversations, Duration.ofSeconds(120 + 2L * settings.answerTokens()
                        / Math.max(1, settings.tokensPerSecond())));
                ended = System.nanoTime();
                usage = meter.usage();
            }
            conversations.stream().filter(c -> c.firstDelta.isDone())
                    .forEach(c -> firstDeltas.record(c.endToEndFirstTokenMicros()));
            long complete = conversations.stream().filter(c -> c.complete(settings.answerTokens())).count();
            long tokens = conversations.stream().mapToLong(Conversation::tokensStreamed).sum();
            if (complete < streams) {
                report.problem("%d of %d streams did not arrive complete (ends: %s)".formatted(streams - complete, streams,
                        conversations.stream().map(c -> String.valueOf(c.terminal())).distinct().toList()));
            }
            return List.of(path.label, Integer.toString(streams), "%,d".formatted((long) streams * settings.tokensPerSecond()),
                    "%,.0f".formatted(tokens / ((ended - started) / 1e9)), Report.millis(chunks.percentileMillis(50)),
                    Report.millis(chunks.percentileMillis(99)), Report.millis(sendsAnswered.percentileMillis(50)),
                    Report.millis(sendsAnswered.percentileMillis(99)), Report.millis(firstDeltas.percentileMillis(50)),
                    Report.millis(firstDeltas.percentileMillis(99)), complete + " / " + streams,
                    Long.toString(streams - complete),
                    Report.microsPerToken(usage, tokens, path == Path.SPRING_BROKER_RELAY
                            ? List.of("relay peer", "gateway", "worker", "rabbitmq", "store")
                            : List.of("gateway", "worker", "rabbitmq", "store")),
                    Report.usage(usage, "gateway"), Report.usage(usage, "relay peer"), Report.usage(usage, "worker"),
                    Report.usage(usage, "rabbitmq"), Report.usage(usage, "store"),
                    Report.usage(usage, "bench (load + model)"));
        }
    }
}

package dev.threadline.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to run and how big, from {@code --name=value} arguments; every value has a default that follows
 * the conditions (80 tokens/s per stream, 0 ms time to first token).
 *
 * @param scenarios any of {@code latency}, {@code streams}, {@code idle}, {@code broker}, {@code throughput}, {@code search}
 * @param stampEvery every how many tokens the model writes a timestamp
 * @param broadcastDelaySeconds a pause between all idle sessions being connected and the broadcast (to attach a profiler)
 * @param searchMessages how many messages the search scenario stores for the user it searches
 * @param searchQueries how many searches it times
 * @param gateways how many gateway processes run (the first on 127.0.0.1, the others on 127.0.0.2, ...: each loopback
 *        address has its own ports); idle sessions are spread over them
 * @param gatewayArgs extra Spring arguments of every gateway, e.g. {@code --threadline.presence.announce-interval=2s}
 */
record BenchSettings(List<String> scenarios, String rabbitUri, String api, int ttftMillis, int tokensPerSecond,
        int answerTokens, int stampEvery, int warmupSeconds, int latencySamples, int warmup, List<Integer> streams, List<Integer> idleSessions,
        int sessionsPerClientProcess, int sessionsPerThread, int broadcastDelaySeconds, int throughputStreams, int throughputTokens, int perfTestSeconds, int perfTestSize,
        int searchMessages, int searchQueries, int gateways, Path root, Path out, List<String> gatewayJvm, List<String> workerJvm, List<String> gatewayArgs) {

    static BenchSettings parse(String... args) {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, not '" + arg + "'");
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Path root = Path.of(options.getOrDefault("root", findRoot().toString()));
        BenchSettings settings = new BenchSettings(list(options.remove("scenarios"), "latency,streams,idle,broker,throughput,search"),
                text(options.remove("rabbitmq-uri"), System.getenv().getOrDefault("RABBITMQ_URI",
                        "amqp://guest:guest@127.0.0.1:5672")),
                text(options.remove("api"), "responses"), number(options.remove("ttft-ms"), 0),
                number(options.remove("tokens-per-second"), 80), number(options.remove("answer-tokens"), 400),
                number(options.remove("stamp-every"), 4), number(options.remove("warmup-seconds"), 150),
                number(options.remove("latency-samples"), 300),
                number(options.remove("warmup"), 100), numbers(options.remove("streams"), "100,500,1000,2000"),
                numbers(options.remove("idle"), "5000,19000"), number(options.remove("sessions-per-client"), 4000),
                number(options.remove("sessions-per-thread"), 1), number(options.remove("broadcast-delay-seconds"), 0),
                number(options.remove("throughput-streams"), 100), number(options.remove("throughput-tokens"), 2000),
                number(options.remove("perftest-seconds"), 15), number(options.remove("perftest-size"), 250),
                number(options.remove("search-messages"), 100_000), number(options.remove("search-queries"), 200),
                number(options.remove("gateways"), 1), root,
                Path.of(text(options.remove("out"), root.resolve("bench/target/bench-report.md").toString())),
                words(options.remove("gateway-jvm")), words(options.remove("worker-jvm")), words(options.remove("gateway-args")));
        options.remove("root");
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + options.keySet());
        }
        return settings;
    }

    Path gatewayJar() {
        return root.resolve("gateway/target/threadline-gateway.jar");
    }

    Path workerJar() {
        return root.resolve("worker/target/threadline-worker.jar");
    }

    /** Who logs in to RabbitMQ, and where: from {@link #rabbitUri()}. */
    record RabbitLogin(String user, String password, String virtualHost) {
    }

    RabbitLogin rabbitLogin() {
        URI broker = URI.create(rabbitUri);
        String[] userInfo = broker.getUserInfo() == null ? new String[] { "guest", "guest" } : broker.getUserInfo().split(":", 2);
        String path = broker.getPath();
        return new RabbitLogin(userInfo[0], userInfo[1], path == null || path.length() <= 1 ? "/" : path.substring(1));
    }

    /** The bench-only Spring broker-relay peer (module bench/relay-peer). */
    Path relayPeerJar() {
        return root.resolve("bench/relay-peer/target/threadline-relay-peer.jar");
    }

    Path logs() {
        return out.toAbsolutePath().getParent().resolve("bench-logs");
    }

    int maxStreams() {
        return Math.max(throughputStreams, streams.stream().mapToInt(Integer::intValue).max().orElse(1));
    }

    /** The repository: the nearest directory up from here that holds {@code gateway/pom.xml}. */
    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("gateway/pom.xml"))) {
                return dir;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    private static String text(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    private static int number(String value, int fallback) {
        return value == null ? fallback : Integer.parseInt(value);
    }

    private static List<String> list(String value, String fallback) {
        return Arrays.stream(text(value, fallback).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> numbers(String value, String fallback) {
        return list(value, fallback).stream().map(Integer::parseInt).toList();
    }

    private static List<String> words(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.strip().split("\\s+"));
    }
}

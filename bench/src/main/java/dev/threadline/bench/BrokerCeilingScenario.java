package dev.threadline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * 5. The broker's own ceiling on this machine, measured with RabbitMQ PerfTest in the same run: one
 * producer and one consumer, transient messages of the chunk events' size on a topic exchange.
 */
final class BrokerCeilingScenario {

    private static final Pattern RECEIVING = Pattern.compile("receiving rate avg: (\\d+) msg/s");
    private static final Pattern LATENCY = Pattern.compile(
            "consumer latency min/median/75th/95th/99th (\\d+)/(\\d+)/(\\d+)/(\\d+)/(\\d+) µs");

    private BrokerCeilingScenario() {
    }

    /** Messages a second PerfTest's consumer received, on average. */
    static long run(BenchSettings settings, Report report) throws IOException, InterruptedException {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "com.rabbitmq.perf.PerfTest", "--uri", settings.rabbitUri(),
                "--exchange", "threadline.bench.perftest", "--type", "topic", "--routing-key", "thread.perftest",
                "--producers", "1", "--consumers", "1", "--size", Integer.toString(settings.perfTestSize()),
                "--time", Integer.toString(settings.perfTestSeconds()), "--autoack", "--auto-delete", "true");
        Process perfTest = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(perfTest.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        perfTest.waitFor();
        Matcher rate = RECEIVING.matcher(output);
        Matcher latency = LATENCY.matcher(output);
        if (!rate.find()) {
            report.problem("PerfTest printed no receiving rate:\n```\n" + output.strip() + "\n```");
            return 0;
        }
        long perSecond = Long.parseLong(rate.group(1));
        String latencies = latency.find() ? "consumer latency p50 %.1f ms, p99 %.1f ms".formatted(
                Long.parseLong(latency.group(2)) / 1000.0, Long.parseLong(latency.group(5)) / 1000.0) : "";
        report.table("0. Broker ceiling (the baseline for 5): RabbitMQ PerfTest, %d s".formatted(settings.perfTestSeconds()),
                List.of("transient %d-byte messages, topic exchange, 1 producer → 1 consumer (auto-ack)".formatted(
                        settings.perfTestSize()), "received msg/s", "note"),
                List.of(List.of("PerfTest", "%,d".formatted(perSecond), latencies)));
        return perSecond;
    }

}

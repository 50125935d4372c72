package dev.threadline.bench;

import java.time.LocalDate;
import java.util.Set;

/**
 * The benchmark command: {@code java -jar bench/target/threadline-bench.jar [--name=value ...]} (see
 * {@link BenchSettings}). Prints a Markdown report as it goes, saves it, and exits non-zero if any run
 * lost or broke an answer or a session.
 */
public final class Bench {

    /** The scenarios that need the gateway, the worker and the fake model running. */
    private static final Set<String> STACK_SCENARIOS = Set.of("latency", "streams", "idle", "throughput");

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        Report report = run(BenchSettings.parse(args), String.join(" ", args));
        System.exit(report.problems().isEmpty() ? 0 : 1);
    }

    static Report run(BenchSettings settings, String commandLine) throws Exception {
        Report report = new Report();
        report.paragraph("## Threadline benchmark, " + LocalDate.now());
        report.paragraph(Machine.describe(settings));
        report.paragraph("Settings: model API `%s`; fake model: time to first token %d ms, %d tokens/s per stream; "
                .formatted(settings.api(), settings.ttftMillis(), settings.tokensPerSecond())
                + "services with their defaults (deltas coalesced every 25 ms, up to 60 ms as streams grow, or 512 chars) and limits lifted. Command: "
                + "`java -jar bench/target/threadline-bench.jar " + commandLine + "`");
        long brokerCeiling = 0;
        if (settings.scenarios().contains("broker")) {
            brokerCeiling = BrokerCeilingScenario.run(settings, report);
        }
        if (settings.scenarios().contains("search")) {
            SearchScenario.run(settings, report);
        }
        if (settings.scenarios().stream().anyMatch(STACK_SCENARIOS::contains)) {
            runOnTheStack(settings, brokerCeiling, report);
        }
        report.save(settings.out());
        return report;
    }

    private static void runOnTheStack(BenchSettings settings, long brokerCeiling, Report report) throws Exception {
        try (Stack stack = new Stack(settings)) {
            Warmup.run(stack, settings, report);
            if (settings.scenarios().contains("latency")) {
                LatencyScenario.run(stack, settings, report);
            }
            if (settings.scenarios().contains("streams")) {
                StreamsScenario.run(stack, settings, report);
            }
            if (settings.scenarios().contains("idle")) {
                IdleSessionsScenario.run(stack, settings, report);
            }
            if (settings.scenarios().contains("throughput")) {
                ChunkThroughputScenario.run(stack, settings, brokerCeiling, report);
            }
        }
    }
}

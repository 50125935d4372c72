package dev.threadline.bench;

import java.nio.file.Path;

import dev.threadline.testing.TestJvms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark command runs end to end with tiny settings: the gateway and worker jars, the store and
 * PerfTest as processes, every scenario, and a report without problems. (Speed itself is measured by
 * running the command, never asserted here: the services start with the test JVMs' quick-start options.)
 */
class BenchSmokeTests {

    @Test
    void everyScenarioRunsWithTinySettings(@TempDir Path out) throws Exception {
        // the gateway keeps its collector: the idle-sessions scenario reads its heap from G1's heap_info
        String worker = String.join(" ", TestJvms.QUICK_START);
        BenchSettings settings = BenchSettings.parse("--warmup-seconds=0", "--latency-samples=3", "--warmup=1",
                "--streams=3", "--answer-tokens=20", "--tokens-per-second=200", "--idle=10", "--sessions-per-client=5",
                "--throughput-streams=2", "--throughput-tokens=20", "--perftest-seconds=2", "--search-messages=300",
                "--search-queries=10", "--gateway-jvm=" + TestJvms.QUICK_JIT, "--worker-jvm=" + worker,
                "--out=" + out.resolve("report.md"));

        Report report = Bench.run(settings, "(smoke test)");

        assertThat(report.problems()).isEmpty();
        assertThat(report.text()).contains("1. First-token latency", "2–3. Concurrent streams", "| 3 | 600 |",
                "3 / 3", "4. Idle sessions", "10 / 10", "0. Broker ceiling", "5. Chunk path at saturation", "2 / 2",
                "6. Search: 300 messages", "all 10 queries");
        assertThat(out.resolve("report.md")).content().isEqualTo(report.text());
    }
}

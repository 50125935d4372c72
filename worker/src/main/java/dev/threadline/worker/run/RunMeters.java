package dev.threadline.worker.run;

import java.time.Duration;

import dev.threadline.model.message.MessageMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The worker's run metrics: runs in flight, run duration by outcome, time to first token, tokens
 * streamed (a counter: its rate is tokens/s) and each run's own token rate, and model errors by code.
 */
@Component
class RunMeters {

    private final MeterRegistry registry;
    private final Counter outputTokens;
    private final DistributionSummary tokensPerSecond;
    private final Timer timeToFirstToken;

    RunMeters(MeterRegistry registry, ActiveRuns active) {
        this.registry = registry;
        Gauge.builder("threadline.runs.active", active, ActiveRuns::size)
                .description("Runs this worker is executing").register(registry);
        this.outputTokens = Counter.builder("threadline.run.output.tokens")
                .description("Tokens the model streamed in answers").register(registry);
        this.tokensPerSecond = DistributionSummary.builder("threadline.run.tokens.per.second")
                .description("Each run's output tokens per second after its first token")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.timeToFirstToken = Timer.builder("threadline.run.first.token")
                .description("From the model call to the first token of the answer")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    void ended(String outcome, MessageMetrics metrics) {
        Timer.builder("threadline.run.duration").description("From the model call to the end of the run")
                .tag("outcome", outcome).publishPercentiles(0.5, 0.99).register(registry)
                .record(Duration.ofMillis(metrics.durationMs()));
        Long firstToken = metrics.timeToFirstTokenMs();
        if (firstToken == null) {
            return;
        }
        timeToFirstToken.record(Duration.ofMillis(firstToken));
        outputTokens.increment(metrics.outputTokens());
        if (metrics.outputTokens() > 0 && metrics.durationMs() > firstToken) {
            tokensPerSecond.record(metrics.outputTokens() * 1000.0 / (metrics.durationMs() - firstToken));
        }
    }

    void modelError(String code) {
        registry.counter("threadline.model.errors", "code", code).increment();
    }
}

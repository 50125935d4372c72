package dev.threadline.worker.run;

import java.time.Duration;
import java.util.Locale;

import dev.threadline.model.event.RunError;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.run.RunStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The worker's run metrics: runs in flight, run duration by outcome, time to first token, tokens
 * streamed (a counter: its rate is tokens/s) and each run's own token rate, and model errors by code.
 * A failed run's duration carries its error code, and its {@value #RUN_OBSERVATION} observation (the
 * span, and Micrometer's timer of the same name) is marked as failed: the run ends normally for the
 * listener, so without it the observation would count it as a success ({@code error="none"}).
 */
@Component
class RunMeters {

    /** The observation {@link RunListener} wraps each run request in. */
    static final String RUN_OBSERVATION = "threadline.run";

    private final MeterRegistry registry;
    private final ObservationRegistry observations;
    private final Counter outputTokens;
    private final DistributionSummary tokensPerSecond;
    private final Timer timeToFirstToken;

    RunMeters(MeterRegistry registry, ObservationRegistry observations, ActiveRuns active) {
        this.registry = registry;
        this.observations = observations;
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

    void ended(RunStatus status, @Nullable RunError error, MessageMetrics metrics) {
        Timer.builder("threadline.run.duration").description("From the model call to the end of the run")
                .tag("outcome", status.name().toLowerCase(Locale.ROOT)).tag("error", error == null ? "none" : error.code())
                .publishPercentiles(0.5, 0.99).register(registry).record(Duration.ofMillis(metrics.durationMs()));
        if (error != null) {
            markObservationFailed(error);
        }
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

    private void markObservationFailed(RunError error) {
        Observation current = observations.getCurrentObservation();
        if (current != null && RUN_OBSERVATION.equals(current.getContext().getName())) {
            current.error(new RunFailedException(error));
        }
    }

    void modelError(String code) {
        registry.counter("threadline.model.errors", "code", code).increment();
    }
}

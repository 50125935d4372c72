package dev.threadline.worker.run;

import dev.threadline.model.event.RunError;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.run.RunStatus;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed run ends normally for the listener: the meters must still count it as failed, with its code. */
class RunMetersTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ObservationRegistry observations = ObservationRegistry.create();
    private final RunMeters meters = new RunMeters(registry, observations, new ActiveRuns());

    RunMetersTests() {
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
    }

    @Test
    void aFailedRunIsCountedWithItsErrorCodeAndItsObservationAsAnError() {
        RunError error = new RunError("model_timeout", "The model did not answer in time", true);

        Observation.createNotStarted(RunMeters.RUN_OBSERVATION, observations)
                .observe(() -> meters.ended(RunStatus.FAILED, error, metrics()));

        assertThat(registry.get("threadline.run.duration").tag("outcome", "failed").tag("error", "model_timeout")
                .timer().count()).isOne();
        assertThat(registry.get(RunMeters.RUN_OBSERVATION).timer().getId().getTag("error")).isNotEqualTo("none");
    }

    @Test
    void aCompletedRunIsCountedWithoutError() {
        Observation.createNotStarted(RunMeters.RUN_OBSERVATION, observations)
                .observe(() -> meters.ended(RunStatus.COMPLETED, null, metrics()));

        assertThat(registry.get("threadline.run.duration").tag("outcome", "completed").tag("error", "none")
                .timer().count()).isOne();
        assertThat(registry.get(RunMeters.RUN_OBSERVATION).timer().getId().getTag("error")).isEqualTo("none");
    }

    private static MessageMetrics metrics() {
        return new MessageMetrics(20L, 400, 12, 10, 5, null);
    }
}

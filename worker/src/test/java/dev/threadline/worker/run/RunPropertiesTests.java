package dev.threadline.worker.run;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunPropertiesTests {

    private final RunProperties properties = new RunProperties(Duration.ofMillis(25), Duration.ofMillis(60), 100, 512,
            Duration.ofSeconds(1), Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofMinutes(2), 50,
            Duration.ofSeconds(20), Duration.ofSeconds(5), Duration.ofMillis(250), 100_000, Duration.ofSeconds(30),
            Duration.ofSeconds(1));

    @Test
    void aQuietWorkerHoldsDeltasForTheBaseIntervalAndABusyOneLongerUpToTheCeiling() {
        assertThat(properties.flushIntervalNanos(1)).isEqualTo(Duration.ofMillis(25).toNanos());
        assertThat(properties.flushIntervalNanos(100)).isEqualTo(Duration.ofMillis(25).toNanos());
        assertThat(properties.flushIntervalNanos(200)).isEqualTo(Duration.ofMillis(50).toNanos());
        assertThat(properties.flushIntervalNanos(2_000)).isEqualTo(Duration.ofMillis(60).toNanos());
    }

    @Test
    void noCoalescingStaysOffUnderLoad() {
        RunProperties off = new RunProperties(Duration.ZERO, Duration.ofMillis(60), 100, 512, Duration.ofSeconds(1),
                Duration.ofSeconds(15), Duration.ofMillis(100), Duration.ofMinutes(2), 50, Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofMillis(250), 100_000, Duration.ofSeconds(30), Duration.ofSeconds(1));

        assertThat(off.flushIntervalNanos(5_000)).isZero();
    }
}

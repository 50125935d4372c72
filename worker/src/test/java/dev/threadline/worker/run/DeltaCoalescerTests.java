package dev.threadline.worker.run;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeltaCoalescerTests {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> sent = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void theFirstDeltaIsSentAtOnceAndLaterOnesAreMergedUntilTheIntervalEnds() {
        DeltaCoalescer coalescer = new DeltaCoalescer(sent::add, timer, Duration.ofMillis(200), 1000);

        coalescer.add("Navy ");
        coalescer.add("blazer, ");
        coalescer.add("white ");

        assertThat(sent).containsExactly("Navy ");
        await().atMost(Duration.ofSeconds(2)).until(() -> sent.size() == 2);
        assertThat(sent).containsExactly("Navy ", "blazer, white ");
    }

    @Test
    void theIntervalIsAskedForEachTimeSoItCanFollowTheLoad() {
        java.util.concurrent.atomic.AtomicLong interval = new java.util.concurrent.atomic.AtomicLong(
                Duration.ofHours(1).toNanos());
        DeltaCoalescer coalescer = new DeltaCoalescer(sent::add, timer, interval::get, 1000);
        coalescer.add("first ");
        coalescer.add("held ");
        coalescer.flush();

        interval.set(0);
        coalescer.add("now");

        assertThat(sent).containsExactly("first ", "held ", "now");
    }

    @Test
    void pendingTextIsSentAsSoonAsItReachesTheSizeBound() {
        DeltaCoalescer coalescer = new DeltaCoalescer(sent::add, timer, Duration.ofHours(1), 10);

        coalescer.add("a");
        coalescer.add("12345");
        coalescer.add("67890");
        coalescer.add("tail");

        assertThat(sent).containsExactly("a", "1234567890");
        coalescer.flush();
        assertThat(sent).containsExactly("a", "1234567890", "tail");
    }

    @Test
    void textIsNeverReorderedOrLostUnderConcurrentTimerFlushes() {
        DeltaCoalescer coalescer = new DeltaCoalescer(sent::add, timer, Duration.ofNanos(1_000), 64);
        StringBuilder expected = new StringBuilder();

        for (int i = 0; i < 5_000; i++) {
            String token = i + ",";
            expected.append(token);
            coalescer.add(token);
        }
        coalescer.flush();

        assertThat(String.join("", sent)).isEqualTo(expected.toString());
        assertThat(sent.size()).isLessThan(5_000);
    }

    @Test
    void emptyDeltasAreIgnored() {
        DeltaCoalescer coalescer = new DeltaCoalescer(sent::add, timer, Duration.ofMillis(10), 10);

        coalescer.add("");
        coalescer.flush();

        assertThat(sent).isEmpty();
    }
}

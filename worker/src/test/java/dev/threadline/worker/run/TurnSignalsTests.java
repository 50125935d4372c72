package dev.threadline.worker.run;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TurnSignalsTests {

    private final TurnSignals signals = new TurnSignals();

    @Test
    void aWaiterIsWokenWhenARunOfItsThreadEnds() {
        try (TurnSignals.Watch watch = signals.watch("thread-1")) {
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> watch.await(Duration.ofMinutes(1)),
                    Thread::startVirtualThread);

            signals.wake("thread-1");

            await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
        }
    }

    @Test
    void anEndBetweenTheWatchAndTheWaitIsNotMissed() {
        try (TurnSignals.Watch watch = signals.watch("thread-1")) {
            signals.wake("thread-1");

            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> watch.await(Duration.ofMinutes(1)),
                    Thread::startVirtualThread);

            await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
        }
    }

    @Test
    void anotherThreadsEndDoesNotWakeTheWaiterButTheSafetyNetDoes() {
        try (TurnSignals.Watch watch = signals.watch("thread-1")) {
            signals.wake("thread-2");
            long started = System.nanoTime();

            watch.await(Duration.ofMillis(200));

            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void drainingWakesEveryWaiter() {
        try (TurnSignals.Watch first = signals.watch("thread-1"); TurnSignals.Watch second = signals.watch("thread-2")) {
            CompletableFuture<Void> waiting = CompletableFuture.allOf(
                    CompletableFuture.runAsync(() -> first.await(Duration.ofMinutes(1)), Thread::startVirtualThread),
                    CompletableFuture.runAsync(() -> second.await(Duration.ofMinutes(1)), Thread::startVirtualThread));

            signals.wakeAll();

            await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
        }
    }
}

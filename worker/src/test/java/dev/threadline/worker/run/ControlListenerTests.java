package dev.threadline.worker.run;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

import dev.threadline.common.broker.AmqpJson;
import dev.threadline.model.run.RunCancel;
import dev.threadline.model.run.RunEnded;
import dev.threadline.worker.model.Cancellation;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ControlListenerTests {

    private final AmqpJson json = new AmqpJson(JsonMapper.builder().build());
    private final ActiveRuns active = new ActiveRuns();
    private final TurnSignals signals = new TurnSignals();
    private final ControlListener listener = new ControlListener(active, signals, json);

    @Test
    void aMessageWithoutATypeIsACancelAsGatewaysSendIt() {
        Cancellation cancellation = active.register("run-1");

        listener.onControl(json.transientMessage(new RunCancel("thread-1", "run-1", "alice", Instant.now())));

        assertThat(cancellation.isCancelled()).isTrue();
    }

    @Test
    void aRunEndedMessageWakesTheRunsWaitingInThatThreadAndCancelsNothing() {
        Cancellation cancellation = active.register("run-1");
        Message ended = json.transientMessage(new RunEnded("thread-1", "run-1", 1, Instant.now()));
        ended.getMessageProperties().setType(RunEnded.TYPE);
        try (TurnSignals.Watch watch = signals.watch("thread-1")) {
            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> watch.await(Duration.ofMinutes(1)),
                    Thread::startVirtualThread);

            listener.onControl(ended);

            await().atMost(Duration.ofSeconds(5)).until(waiting::isDone);
        }
        assertThat(cancellation.isCancelled()).isFalse();
    }
}

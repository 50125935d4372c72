package dev.threadline.worker.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;

import dev.threadline.model.event.MessageCreated;
import dev.threadline.model.event.RunCancelled;
import dev.threadline.model.event.RunCompleted;
import dev.threadline.model.event.RunError;
import dev.threadline.model.event.RunEvent;
import dev.threadline.model.event.RunFailed;
import dev.threadline.common.usage.ModelTokens;
import dev.threadline.model.usage.ContextUsage;
import dev.threadline.model.usage.Usage;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.message.Sentiment;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RunFinisherTests {

    private final FakeRunEndStore store = new FakeRunEndStore();
    private final List<String> broadcasts = new CopyOnWriteArrayList<>();
    private final List<RunEvent> published = new ArrayList<>();
    private final WorkerIdentity worker = new WorkerIdentity();
    private final RunFinisher finisher = new RunFinisher(store, run -> broadcasts.add(run.id()),
            new RunMeters(new SimpleMeterRegistry(), ObservationRegistry.NOOP, new ActiveRuns()),
            text -> new Sentiment(0.5, "positive"), worker, properties(Duration.ofMillis(200)));

    private final Run run = new Run("run-1", "thread-1", "alice", 1, RunStatus.RUNNING, 1, "user-msg", "answer-msg",
            "orchestrator", null, null, worker.id(), Instant.now().plusSeconds(15), false, false, Instant.now(), null, 0,
            null, null);
    private CompletableFuture<Void> brokerConfirmation = CompletableFuture.completedFuture(null);
    private final RunEvents events = new RunEvents(run, "orchestrator", event -> {
        published.add(event);
        return brokerConfirmation;
    });

    @Test
    void aCompletedRunPublishesItsAnswerAndRunCompletedOnceAfterEndingTheRun() {
        events.started();
        events.delta("Wear the green coat.");
        RunOutcome outcome = RunOutcome.completed(events.snapshot(), new Usage(12, 5), RunOutcome.Timings.NONE);

        Outcome settled = finisher.end(answered(), outcome);

        assertThat(settled).isEqualTo(Outcome.ACK);
        assertThat(store.writes).containsExactly("end", "announced");
        assertThat(store.ending.status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(store.ending.answerStatus()).isEqualTo(MessageStatus.COMPLETE);
        assertThat(store.ending.content()).isEqualTo("Wear the green coat.");
        assertThat(store.ending.metrics().inputTokens()).isEqualTo(12);
        assertThat(store.ending.metrics().sentiment()).isEqualTo(new Sentiment(0.5, "positive"));
        assertThat(published).filteredOn(RunCompleted.class::isInstance).singleElement()
                .satisfies(completed -> assertThat(completed.seq()).isEqualTo(store.ending.terminalSeq()));
        assertThat(published).filteredOn(MessageCreated.class::isInstance).singleElement()
                .satisfies(created -> assertThat(((MessageCreated) created).message().content())
                        .isEqualTo("Wear the green coat."));
        assertThat(published.getLast()).isInstanceOf(RunCompleted.class);
        assertThat(broadcasts).containsExactly("run-1");
    }

    @Test
    void anAttemptThatLostItsLeasePublishesNothingAndAnnouncesNothing() {
        store.leaseHeld = false;
        events.started();
        events.delta("Half an ans");

        Outcome settled = finisher.end(answered(),
                RunOutcome.completed(events.snapshot(), new Usage(1, 1), RunOutcome.Timings.NONE));

        assertThat(settled).isEqualTo(Outcome.ACK);
        assertThat(store.writes).containsExactly("end");
        assertThat(published).noneMatch(event -> event instanceof RunCompleted || event instanceof MessageCreated);
        assertThat(broadcasts).isEmpty();
    }

    @Test
    void anEndTheBrokerHasNotConfirmedIsAnnouncedOnlyWhenItIs() {
        brokerConfirmation = new CompletableFuture<>();
        events.started();
        events.delta("Wear the green coat.");

        Outcome settled = finisher.end(answered(),
                RunOutcome.completed(events.snapshot(), new Usage(12, 5), RunOutcome.Timings.NONE));

        assertThat(settled).isEqualTo(Outcome.ACK);
        assertThat(published.getLast()).isInstanceOf(RunCompleted.class);
        assertThat(store.writes).containsExactly("end");
        assertThat(broadcasts).isEmpty();

        brokerConfirmation.complete(null);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(store.writes).containsExactly("end", "announced");
            assertThat(broadcasts).containsExactly("run-1");
        });
    }

    @Test
    void aFailedRunCarriesItsErrorToTheStoreAndToRunFailed() {
        RunError error = new RunError("model_timeout", "The model did not answer in time", true);
        events.started();

        finisher.end(answered(), RunOutcome.failed(error, events.snapshot(), RunOutcome.Timings.NONE));

        assertThat(store.writes).containsExactly("end", "announced");
        assertThat(store.ending.status()).isEqualTo(RunStatus.FAILED);
        assertThat(store.ending.error()).isEqualTo(error);
        assertThat(store.ending.answerStatus()).isEqualTo(MessageStatus.FAILED);
        assertThat(published.getLast()).isInstanceOfSatisfying(RunFailed.class, failed -> {
            assertThat(failed.error()).isEqualTo(error);
            assertThat(failed.seq()).isEqualTo(store.ending.terminalSeq());
        });
        assertThat(published).filteredOn(event -> event instanceof RunFailed).hasSize(1);
        assertThat(broadcasts).containsExactly("run-1");
    }

    @Test
    void aCancelledRunKeepsItsPartialAnswerAndEndsWithRunCancelledWithoutError() {
        events.started();
        events.delta("Wear the");

        finisher.end(answered(), RunOutcome.cancelled(events.snapshot(), RunOutcome.Timings.NONE));

        assertThat(store.ending.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(store.ending.error()).isNull();
        assertThat(store.ending.answerStatus()).isEqualTo(MessageStatus.CANCELLED);
        assertThat(store.ending.content()).isEqualTo("Wear the");
        assertThat(published.getLast()).isInstanceOf(RunCancelled.class);
        assertThat(published).filteredOn(RunCancelled.class::isInstance).hasSize(1);
    }

    @Test
    void aRunThatEndsBeforeItsAnswerWasStartedStillEndsOnce() {
        events.started();

        finisher.end(RunAttempt.unanswered(run, events), RunOutcome.failed(
                new RunError("unknown_assistant", "No assistant is named 'x'", false), events.snapshot(),
                RunOutcome.Timings.NONE));

        assertThat(store.writes).containsExactly("end", "announced");
        assertThat(published).filteredOn(RunFailed.class::isInstance).hasSize(1);
    }

    @Test
    void whatACancelledRunSpentIsStoredWithItsAnswerAndGoesToTheLedgerBeforeItsEndIsPublished() {
        events.started();
        events.delta("Wear the");
        Usage usage = new Usage(300, 40, 128, Map.of("orchestrator", new Usage.ByAssistant(300, 40)));
        RunOutcome.Spent spent = new RunOutcome.Spent(usage, Map.of("gpt-4.1-mini", new ModelTokens(300, 40, 128)),
                new ContextUsage(290, 24_000, 0));

        finisher.end(answered(), RunOutcome.cancelled(events.snapshot(), spent, RunOutcome.Timings.NONE));

        assertThat(store.writes).containsExactly("end", "usage", "announced");
        assertThat(store.ending.usage()).isEqualTo(usage);
        assertThat(store.ending.context()).isEqualTo(new ContextUsage(290, 24_000, 0));
        assertThat(store.recordedUsage).containsExactly(Map.entry("gpt-4.1-mini", new ModelTokens(300, 40, 128)));
    }

    @Test
    void anAttemptThatLostItsLeaseAddsNothingToTheLedger() {
        store.leaseHeld = false;
        events.started();
        RunOutcome.Spent spent = new RunOutcome.Spent(new Usage(300, 40), Map.of("gpt-4.1-mini",
                new ModelTokens(300, 40, 0)), null);

        finisher.end(answered(), RunOutcome.completed(events.snapshot(), spent, RunOutcome.Timings.NONE));

        assertThat(store.writes).containsExactly("end");
        assertThat(store.recordedUsage).isNull();
    }

    private static RunProperties properties(Duration endConfirmTimeout) {
        return new RunProperties(Duration.ofMillis(25), Duration.ofMillis(60), 100, 512, Duration.ofSeconds(1),
                Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofMinutes(2), 50, Duration.ofSeconds(20),
                Duration.ofSeconds(5), Duration.ofMillis(250), 100_000, endConfirmTimeout, Duration.ofSeconds(1));
    }

    private RunAttempt answered() {
        Message started = new Message(run.assistantMessageId(), run.threadId(), run.userMessageId(), Role.ASSISTANT, "",
                "orchestrator", Instant.now(), MessageStatus.IN_PROGRESS, run.id(), run.attempt(), 0, null, null, null,
                null, null, null, 0);
        return new RunAttempt(run, events, CompletableFuture.completedFuture(started));
    }
}

package dev.threadline.worker.run;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.threadline.common.run.RunEnding;
import dev.threadline.model.event.RunMetrics;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.worker.sentiment.SentimentScorer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Ends an attempt, whatever its outcome, in one order: the answer is finished before the run is ended,
 * the run is ended under this worker's lease, its tokens are counted, and only then the one terminal event
 * goes out; once the broker has confirmed it, the end is recorded as announced and the other workers are
 * told. A failed publish never fails the run: the event waits for the broker. An attempt that lost its
 * lease publishes nothing: the newer attempt ends the run.
 */
@Component
class RunFinisher {

    private static final Logger log = LoggerFactory.getLogger(RunFinisher.class);

    private final RunEndStore store;
    private final RunEndedBroadcast broadcast;
    private final RunMeters meters;
    private final SentimentScorer sentiment;
    private final WorkerIdentity worker;
    private final Duration endConfirmTimeout;

    RunFinisher(RunEndStore store, RunEndedBroadcast broadcast, RunMeters meters, SentimentScorer sentiment,
            WorkerIdentity worker, RunProperties properties) {
        this.endConfirmTimeout = properties.endConfirmTimeout();
        this.store = store;
        this.broadcast = broadcast;
        this.meters = meters;
        this.sentiment = sentiment;
        this.worker = worker;
    }

    Outcome end(RunAttempt attempt, RunOutcome outcome) {
        Run run = attempt.run();
        MessageMetrics metrics = metrics(outcome);
        meters.ended(outcome.status(), outcome.error(), metrics);
        Ended ended = endInStore(attempt, outcome, metrics);
        if (ended == null) {
            log.warn("Run {} attempt {} lost its lease; the newer attempt ends it", run.id(), run.attempt());
            return Outcome.ACK;
        }
        recordUsage(run, outcome);
        CompletableFuture<Void> confirmed = publishEnd(attempt.events(), outcome, ended.answer(), metrics);
        if (awaitConfirmation(confirmed, run)) {
            announce(run);
        }
        else {
            confirmed.thenRunAsync(() -> announce(run), Thread::startVirtualThread);
        }
        return Outcome.ACK;
    }

    /**
     * The run's tokens go to the usage ledger before its end is published, so a client that reads its usage on
     * the terminal event sees them (the broker hands the event to subscribers before it confirms it to this
     * worker). A ledger that fails costs the count, not the run.
     */
    private void recordUsage(Run run, RunOutcome outcome) {
        if (outcome.spent().byModel().isEmpty()) {
            return;
        }
        try {
            store.recordUsage(run, outcome.spent().byModel());
        }
        catch (RuntimeException ex) {
            log.warn("The tokens of run {} were not added to the usage ledger: {}", run.id(), ex.toString());
        }
    }

    /**
     * Whether the broker confirmed the terminal event in time. Until it does, the end is not recorded as
     * announced, so if this worker dies meanwhile another announces it.
     */
    private boolean awaitConfirmation(CompletableFuture<Void> confirmed, Run run) {
        try {
            confirmed.get(endConfirmTimeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        }
        catch (TimeoutException ex) {
            log.warn("The broker has not confirmed the end of run {} within {}; it is announced when it does", run.id(),
                    endConfirmTimeout);
            return false;
        }
        catch (ExecutionException ex) {
            return false;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void announce(Run run) {
        store.announced(run);
        broadcast.ended(run);
    }

    /** The answer finished, the run ended under this worker's lease, the thread freed; null when the lease was lost. */
    private @Nullable Ended endInStore(RunAttempt attempt, RunOutcome outcome, MessageMetrics metrics) {
        RunEnding ending = new RunEnding(outcome.status(), outcome.error(),
                attempt.events().terminalSeq(outcome.status() == RunStatus.COMPLETED), outcome.answer().content(),
                outcome.answer().lastSeq(), metrics, outcome.usage(), outcome.spent().context());
        if (!store.end(attempt.run(), worker.id(), ending)) {
            return null;
        }
        Message started = attempt.answer().join();
        return new Ended(started == null ? null : finished(started, ending));
    }

    /** The answer as stored, built from the started one rather than read back. */
    private static Message finished(Message started, RunEnding ending) {
        return new Message(started.id(), started.threadId(), started.parentId(), started.role(), ending.content(),
                started.author(), started.createdAt(), ending.answerStatus(), started.runId(), started.attempt(),
                ending.lastSeq(), null, null, ending.metrics(), ending.usage(), null, null, 0);
    }

    private static CompletableFuture<Void> publishEnd(RunEvents events, RunOutcome outcome, @Nullable Message answer,
            MessageMetrics metrics) {
        return switch (outcome.status()) {
            case COMPLETED -> events.completed(answer, outcome.usage(), outcome.spent().context(),
                    new RunMetrics(metrics.timeToFirstTokenMs(), metrics.durationMs()));
            case FAILED -> events.failed(outcome.error());
            default -> events.cancelled();
        };
    }

    /** Scored once the answer is complete (or stopped), never while it streams. */
    private MessageMetrics metrics(RunOutcome outcome) {
        long now = System.nanoTime();
        RunOutcome.Timings timings = outcome.timings();
        Long timeToFirstToken = timings.firstTokenNanos() == 0 || timings.startedNanos() == 0 ? null
                : Duration.ofNanos(timings.firstTokenNanos() - timings.startedNanos()).toMillis();
        long duration = timings.startedNanos() == 0 ? 0 : Duration.ofNanos(now - timings.startedNanos()).toMillis();
        String content = outcome.answer().content();
        return new MessageMetrics(timeToFirstToken, duration, content.length(), outcome.usage().inputTokens(),
                outcome.usage().outputTokens(), content.isBlank() ? null : sentiment.score(content));
    }

    /** The run ended by this attempt, with its answer as stored. */
    private record Ended(@Nullable Message answer) {
    }
}

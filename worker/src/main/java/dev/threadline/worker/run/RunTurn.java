package dev.threadline.worker.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunRequest;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.worker.store.ConversationStore;
import dev.threadline.common.run.RunLifecycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A run's turn in its thread: it starts only after every earlier run of the thread has ended and had its
 * end announced, and then under this worker's lease. A waiting run is woken when a run of its thread
 * ends ({@link TurnSignals}), or when a lease it waits on expires; {@code predecessorPoll} is only the
 * safety net for a missed wake-up.
 */
@Component
class RunTurn {

    private static final Logger log = LoggerFactory.getLogger(RunTurn.class);

    /** Looks again this long after a lease expires, so the store sees it expired too. */
    private static final Duration CLOCK_MARGIN = Duration.ofMillis(10);

    private final RunLifecycle claims;
    private final ConversationStore store;
    private final RunEventPublisher publisher;
    private final RunEndedBroadcast broadcast;
    private final TurnSignals signals;
    private final ActiveRuns active;
    private final WorkerIdentity worker;
    private final RunProperties properties;
    private volatile boolean draining;

    RunTurn(RunLifecycle claims, ConversationStore store, RunEventPublisher publisher, RunEndedBroadcast broadcast,
            TurnSignals signals, ActiveRuns active, WorkerIdentity worker, RunProperties properties) {
        this.claims = claims;
        this.store = store;
        this.publisher = publisher;
        this.broadcast = broadcast;
        this.signals = signals;
        this.active = active;
        this.worker = worker;
        this.properties = properties;
    }

    /** Stops claiming runs; runs waiting for their turn give up at once. */
    void drain() {
        draining = true;
        signals.wakeAll();
    }

    boolean draining() {
        return draining;
    }

    /**
     * The usual case in two store round trips: no earlier run of the thread is in the way and this one is
     * queued, so it is claimed at once. Anything else (an unknown run, a redelivery, a run taken over
     * after its worker died, an earlier run to wait for) takes {@link #awaitAndClaim}.
     */
    Optional<Run> claimIfNext(RunRequest request) {
        if (request.order() <= 0 || draining
                || claims.blockingPredecessor(request.threadId(), request.order(), properties.abandonedAfter()).isPresent()) {
            return Optional.empty();
        }
        return claims.claimQueued(request.runId(), request.threadId(), worker.id(), properties.lease());
    }

    /** The stored run the request names, if it exists and belongs to the request's thread. */
    Optional<Run> stored(RunRequest request) {
        return claims.find(request.runId()).filter(run -> run.threadId().equals(request.threadId()));
    }

    /**
     * Waits until every earlier run of the thread has ended, then claims this one. Empty when the run
     * ended meanwhile, paused for an approval (a request to continue it comes once answered), or the worker is
     * draining. When this worker is running it already (its request was
     * delivered again after a broker restart), it first waits for that run to end, so the request is
     * settled only then.
     */
    Optional<Run> awaitAndClaim(Run run) {
        try (TurnSignals.Watch wakeUps = signals.watch(run.threadId())) {
            Run latest = run;
            while (!draining) {
                if (active.isActive(run.id())) {
                    active.awaitEnd(run.id());
                    continue;
                }
                Run current = latest != null ? latest : claims.find(run.id()).orElse(null);
                latest = null;
                if (current == null || current.status().isTerminal() && endedOrAnnounced(current)
                        || current.status() == RunStatus.AWAITING_APPROVAL) {
                    return Optional.empty();
                }
                Optional<Run> claimed = current.status().isTerminal() ? Optional.empty() : claimIfFirst(current);
                if (claimed.isPresent()) {
                    return claimed;
                }
                wakeUps.await(untilNextLook(current));
            }
            return Optional.empty();
        }
    }

    /**
     * Until a wake-up, or the moment the run can change without anyone saying so — its lease expires (its
     * worker died) or its announce grace ends — or the safety-net poll, whichever comes first.
     */
    private Duration untilNextLook(Run current) {
        Instant changes = current.status() == RunStatus.RUNNING ? current.leaseUntil()
                : current.endedAt() != null ? current.endedAt().plus(properties.announceGrace()) : null;
        Duration poll = properties.predecessorPoll();
        if (changes == null) {
            return poll;
        }
        Duration left = Duration.between(Instant.now(), changes).plus(CLOCK_MARGIN);
        return left.compareTo(CLOCK_MARGIN) <= 0 || left.compareTo(poll) > 0 ? poll : left;
    }

    private Optional<Run> claimIfFirst(Run current) {
        if (claims.blockingPredecessor(current.threadId(), current.order(), properties.abandonedAfter()).isPresent()) {
            return Optional.empty();
        }
        return claims.claim(current.id(), worker.id(), properties.lease());
    }

    /**
     * Whether nothing is left to do for an ended run: its end was announced (or it never had a terminal
     * event), or it was not announced in time and is announced now. False while its own worker may still
     * announce it.
     */
    private boolean endedOrAnnounced(Run ended) {
        if (ended.announced() || ended.terminalSeq() == 0) {
            if (ended.announced() && ended.attempt() == 0) {
                // cancelled while queued, by a gateway: no worker ended it, so no one has woken its successors
                broadcast.ended(ended);
            }
            return true;
        }
        if (ended.endedAt() == null || ended.endedAt().isBefore(Instant.now().minus(properties.announceGrace()))) {
            announceEnd(ended);
            return true;
        }
        return false;
    }

    /** Publishes the end of a run whose worker died after ending it and before announcing it. */
    private void announceEnd(Run run) {
        log.info("Announcing the end of run {} ({}) for a worker that died before it could", run.id(), run.status());
        CompletableFuture<?>[] confirmations = RunEvents.endOf(run, store.answer(run),
                store.thread(run.threadId()).map(ChatThread::context).orElse(null)).stream()
                .map(publisher::publish).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(confirmations).get(properties.endConfirmTimeout().toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (TimeoutException | ExecutionException ex) {
            log.warn("The broker has not confirmed the end of run {}; it is announced again later", run.id());
            return;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        claims.announced(run);
        broadcast.ended(run);
    }
}

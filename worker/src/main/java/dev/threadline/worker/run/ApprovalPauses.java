package dev.threadline.worker.run;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.threadline.common.run.RunLifecycle;
import dev.threadline.model.run.PendingApproval;
import dev.threadline.model.run.Run;
import dev.threadline.worker.assistant.ApprovalNeeded;
import dev.threadline.worker.assistant.RunSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/**
 * Pauses a run for a person's approval (PROTOCOL.md §13) and keeps what continuing it needs. In this order, so a
 * worker dying at any point loses nothing: the conversation is saved, the answer so far checkpointed, the run marked
 * {@code awaiting_approval} without a lease (from then on no worker holds it), and only then the request published.
 */
@Component
class ApprovalPauses {

    private static final Logger log = LoggerFactory.getLogger(ApprovalPauses.class);
    private static final Duration STALE_AFTER = Duration.ofDays(1);

    private final MongoTemplate mongo;
    private final RunLifecycle lifecycle;
    private final WorkerIdentity worker;
    private final RunEventPublisher publisher;
    private final ApprovalProperties properties;

    ApprovalPauses(MongoTemplate mongo, RunLifecycle lifecycle, WorkerIdentity worker, RunEventPublisher publisher,
            ApprovalProperties properties) {
        this.mongo = mongo;
        this.lifecycle = lifecycle;
        this.worker = worker;
        this.publisher = publisher;
        this.properties = properties;
    }

    /** True when the run now waits; false when a cancel came first or this worker lost the run. */
    boolean pause(RunAttempt attempt, ApprovalNeeded needed, RunSession session, RunOutcome.Timings timings) {
        Run run = attempt.run();
        RunEvents events = attempt.events();
        RunEvents.Snapshot answer = events.snapshot();
        Instant now = Instant.now();
        ApprovalNeeded.PendingCall call = needed.call();
        PendingApproval approval = PendingApproval.requested(call.callId(), call.assistant(), call.tool(),
                call.arguments(), now, now.plus(properties.timeout()), events.seq() + 2);
        long nowNanos = System.nanoTime();
        mongo.save(new PausedRun(run.id(), run.attempt(), needed.frames(), answer.content(), answer.lastSeq(),
                approval.seq(), session.toolRounds(), PausedRun.spends(session.byAssistant()),
                PausedRun.spends(session.byModel()), session.contextUsage(),
                timings.firstTokenNanos() == 0 ? null : Duration.ofNanos(timings.firstTokenNanos()
                        - timings.startedNanos()).toMillis(),
                Duration.ofNanos(nowNanos - timings.startedNanos()).toMillis(), now), PausedRun.COLLECTION);
        attempt.answer().join();
        lifecycle.checkpoint(run, answer.content(), answer.lastSeq());
        if (!lifecycle.pause(run, worker.id(), approval)) {
            return false;
        }
        log.info("Run {} waits for approval of {} ({}) until {}", run.id(), call.tool(), call.callId(),
                approval.expiresAt());
        events.approvalRequested(approval);
        return true;
    }

    /** What the run's current attempt kept when it paused. */
    Optional<PausedRun> find(Run run) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("_id").is(run.id()).and("attempt")
                .is(run.attempt())), PausedRun.class, PausedRun.COLLECTION));
    }

    void forget(Run run) {
        mongo.remove(Query.query(Criteria.where("_id").is(run.id())), PausedRun.class, PausedRun.COLLECTION);
    }

    /**
     * Removes what runs that no longer exist kept (their thread was deleted while they waited): nothing a live run
     * needs is this old, since an unanswered approval times out and the run then ends.
     */
    void forgetStale(Instant now) {
        mongo.remove(Query.query(Criteria.where("pausedAt").lt(now.minus(properties.timeout()).minus(STALE_AFTER))),
                PausedRun.class, PausedRun.COLLECTION);
    }

    /**
     * Publishes a waiting run's request again: its request was delivered again, so the worker that paused it may
     * have died before publishing (a subscriber who saw it already sees the same {@code seq} twice).
     */
    void announceAgain(Run waiting) {
        if (waiting.approval() != null && waiting.approval().decision() == null && !waiting.cancelRequested()) {
            RunEvents.approvalRequestOf(waiting, waiting.approval()).forEach(publisher::publish);
        }
    }

    /** When the run's model call started and its first token came, as if it had never stopped waiting. */
    static RunOutcome.Timings timingsOf(PausedRun paused) {
        long started = System.nanoTime() - Duration.ofMillis(paused.activeMs()).toNanos();
        long firstToken = paused.firstTokenMs() == null ? 0 : started + Duration.ofMillis(paused.firstTokenMs()).toNanos();
        return new RunOutcome.Timings(started, firstToken);
    }
}

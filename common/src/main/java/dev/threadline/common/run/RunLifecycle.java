package dev.threadline.common.run;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import dev.threadline.common.Ids;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.run.ApprovalDecision;
import dev.threadline.model.run.PendingApproval;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static dev.threadline.common.run.RunFields.ANNOUNCED;
import static dev.threadline.common.run.RunFields.APPROVAL;
import static dev.threadline.common.run.RunFields.APPROVAL_CALL;
import static dev.threadline.common.run.RunFields.APPROVAL_DECISION;
import static dev.threadline.common.run.RunFields.APPROVAL_DISPATCHED;
import static dev.threadline.common.run.RunFields.APPROVAL_EXPIRES;
import static dev.threadline.common.run.RunFields.ATTEMPT;
import static dev.threadline.common.run.RunFields.CANCEL_REQUESTED;
import static dev.threadline.common.run.RunFields.ENDED_AT;
import static dev.threadline.common.run.RunFields.ERROR;
import static dev.threadline.common.run.RunFields.ID;
import static dev.threadline.common.run.RunFields.LEASE_OWNER;
import static dev.threadline.common.run.RunFields.LEASE_UNTIL;
import static dev.threadline.common.run.RunFields.ORDER;
import static dev.threadline.common.run.RunFields.STATUS;
import static dev.threadline.common.run.RunFields.TERMINAL_SEQ;
import static dev.threadline.common.run.RunFields.THREAD_ID;
import static dev.threadline.common.run.RunFields.USER_ID;

/**
 * The one owner of a run's life: every state change of the {@code runs} collection, and with it the
 * thread's active run and the answer message's status, is made here, by single-document atomic updates
 * (no transactions needed). The gateway reserves, enqueues and cancels; a worker claims with a lease,
 * renews it, checkpoints the answer and ends the run; only the lease holder of the current attempt can
 * end it. States: {@code queued → running → completed | failed | cancelled}, {@code queued → cancelled},
 * and {@code running → running} as a new attempt when a worker died and its lease expired; a tool call that needs
 * a person's approval (PROTOCOL.md §13) takes {@code running → awaiting_approval}, holding no worker, and the answer
 * (or a timeout, or a cancel) lets one worker take it back, {@code awaiting_approval → running}, in the same attempt.
 */
public class RunLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RunLifecycle.class);

    /** The first pause before writing a run's end again to a store that did not answer; it doubles up to the next. */
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(5);

    private static final List<RunStatus> PENDING = List.of(RunStatus.QUEUED, RunStatus.RUNNING,
            RunStatus.AWAITING_APPROVAL);

    private final MongoTemplate mongo;

    public RunLifecycle(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<Run> find(String runId) {
        return Ids.isValid(runId) ? Optional.ofNullable(mongo.findById(runId, Run.class, Run.COLLECTION))
                : Optional.empty();
    }

    public Optional<Run> find(String threadId, String runId) {
        return find(runId).filter(run -> run.threadId().equals(threadId));
    }

    // ---- the gateway: a new run, and cancelling one

    /**
     * Reserves the next run order of the thread, makes the run the thread's active one and the answer planned
     * for it the tip of the thread's active branch, in one atomic update; the thread as it was before says what
     * the run's message follows. {@code userId} is the sender: the thread's owner or one of its members
     * (PROTOCOL.md §14). Empty when the user is neither (any more), or there is no such thread.
     */
    public Optional<Reservation> reserve(String threadId, String userId, String runId, String plannedAnswerId) {
        ChatThread before = mongo.findAndModify(
                Query.query(Criteria.where(ID).is(threadId).orOperator(Criteria.where(RunFields.THREAD_OWNER).is(userId),
                        Criteria.where(RunFields.THREAD_MEMBERS).is(userId))),
                new Update().inc(RunFields.THREAD_RUN_COUNTER, 1).set(RunFields.THREAD_ACTIVE_RUN, runId)
                        .set(RunFields.THREAD_CURRENT_LEAF, plannedAnswerId).set(RunFields.THREAD_UPDATED_AT, Instant.now()),
                FindAndModifyOptions.options().returnNew(false), ChatThread.class, ChatThread.COLLECTION);
        return Optional.ofNullable(before).map(thread -> new Reservation(thread, thread.runCounter() + 1, plannedAnswerId));
    }

    /** Inserts the queued run unless a run with its id exists already (a replayed send), and returns the stored one. */
    public Run enqueue(Run queued) {
        try {
            return mongo.insert(queued, Run.COLLECTION);
        }
        catch (DuplicateKeyException replay) {
            return find(queued.threadId(), queued.id()).orElseThrow();
        }
    }

    /**
     * Takes back a run the broker never accepted: it is removed, and is no longer the thread's active run;
     * if its planned answer is still the tip of the active branch, the tip goes back to {@code previousLeafId}.
     */
    public void withdraw(Run run, @Nullable String previousLeafId) {
        mongo.remove(Query.query(Criteria.where(ID).is(run.id()).and(STATUS).is(RunStatus.QUEUED)), Run.class,
                Run.COLLECTION);
        clearActiveRun(run.threadId(), run.id());
        Update back = previousLeafId == null ? new Update().unset(RunFields.THREAD_CURRENT_LEAF)
                : new Update().set(RunFields.THREAD_CURRENT_LEAF, previousLeafId);
        mongo.updateFirst(Query.query(Criteria.where(ID).is(run.threadId()).and(RunFields.THREAD_CURRENT_LEAF)
                .is(run.assistantMessageId())), back, ChatThread.class, ChatThread.COLLECTION);
    }

    /** How many runs of the thread will execute before the run with this order. */
    public long countAhead(String threadId, long order) {
        return mongo.count(Query.query(Criteria.where(THREAD_ID).is(threadId).and(ORDER).lt(order)
                .and(STATUS).in(PENDING)), Run.class, Run.COLLECTION);
    }

    /** How many of the user's runs are queued or running. */
    public long countActive(String userId) {
        return mongo.count(Query.query(Criteria.where(USER_ID).is(userId).and(STATUS).in(PENDING)), Run.class,
                Run.COLLECTION);
    }

    /** Cancels a run that has not started yet (its end needs no worker); empty when it already started or ended. */
    public Optional<Run> cancelQueued(String runId) {
        Run cancelled = mongo.findAndModify(Query.query(Criteria.where(ID).is(runId).and(STATUS).is(RunStatus.QUEUED)),
                new Update().set(STATUS, RunStatus.CANCELLED).set(CANCEL_REQUESTED, true).set(ANNOUNCED, true)
                        .set(ENDED_AT, Instant.now()),
                FindAndModifyOptions.options().returnNew(true), Run.class, Run.COLLECTION);
        if (cancelled != null) {
            clearActiveRun(cancelled.threadId(), cancelled.id());
        }
        return Optional.ofNullable(cancelled);
    }

    /**
     * Flags a running run so its worker stops it even if it missed the broadcast, or a run awaiting approval so the
     * worker that continues it ends it as cancelled; empty when it already ended. The run is returned as flagged.
     */
    public Optional<Run> requestCancel(String runId) {
        Run flagged = mongo.findAndModify(Query.query(Criteria.where(ID).is(runId).and(STATUS)
                        .in(RunStatus.RUNNING, RunStatus.AWAITING_APPROVAL)),
                new Update().set(CANCEL_REQUESTED, true), FindAndModifyOptions.options().returnNew(true), Run.class,
                Run.COLLECTION);
        if (flagged != null && flagged.status() == RunStatus.AWAITING_APPROVAL) {
            mongo.updateFirst(Query.query(Criteria.where(ID).is(runId).and(STATUS).is(RunStatus.AWAITING_APPROVAL)),
                    new Update().set(APPROVAL_DISPATCHED, Instant.now()), Run.class, Run.COLLECTION);
        }
        return Optional.ofNullable(flagged);
    }

    /** Removes every run of a thread that is being deleted. */
    public void forgetThread(String threadId) {
        mongo.remove(Query.query(Criteria.where(THREAD_ID).is(threadId)), Run.class, Run.COLLECTION);
    }

    // ---- a worker: taking the run, working on it, ending it

    /** Takes the run for this worker as a new attempt; empty if it ended or another worker holds a live lease. */
    public Optional<Run> claim(String runId, String workerId, Duration lease) {
        Instant now = Instant.now();
        Criteria claimable = new Criteria().orOperator(
                Criteria.where(STATUS).is(RunStatus.QUEUED),
                Criteria.where(STATUS).is(RunStatus.RUNNING).and(LEASE_UNTIL).lt(now));
        return Optional.ofNullable(mongo.findAndModify(
                Query.query(new Criteria().andOperator(Criteria.where(ID).is(runId), claimable)),
                claimUpdate(workerId, now.plus(lease)), FindAndModifyOptions.options().returnNew(true), Run.class,
                Run.COLLECTION));
    }

    /** Takes a queued run of this thread for this worker as its first attempt; empty if it is not queued. */
    public Optional<Run> claimQueued(String runId, String threadId, String workerId, Duration lease) {
        return Optional.ofNullable(mongo.findAndModify(
                Query.query(Criteria.where(ID).is(runId).and(THREAD_ID).is(threadId).and(STATUS).is(RunStatus.QUEUED)),
                claimUpdate(workerId, Instant.now().plus(lease)), FindAndModifyOptions.options().returnNew(true),
                Run.class, Run.COLLECTION));
    }

    /** A new attempt starts from the beginning: an approval an earlier attempt waited on is no longer its business. */
    private static Update claimUpdate(String workerId, Instant leaseUntil) {
        return new Update().set(STATUS, RunStatus.RUNNING).set(LEASE_OWNER, workerId).set(LEASE_UNTIL, leaseUntil)
                .inc(ATTEMPT, 1).unset(APPROVAL);
    }

    /**
     * Extends the lease and reports whether the run should stop: true when this worker no longer holds it
     * (it expired and another worker took over) or a cancel was requested — one round trip for both.
     */
    public boolean renewOrStop(Run run, String workerId, Duration lease) {
        Run renewed = mongo.findAndModify(held(run, workerId), new Update().set(LEASE_UNTIL, Instant.now().plus(lease)),
                FindAndModifyOptions.options().returnNew(true), Run.class, Run.COLLECTION);
        return renewed == null || renewed.cancelRequested();
    }

    /** Creates (or, for a new attempt, resets) the run's answer as {@code in_progress}, never before {@code notBefore}. */
    public Message startAnswer(Run run, String assistant, Instant notBefore) {
        Instant now = Instant.now();
        Instant createdAt = now.isAfter(notBefore) ? now : notBefore.plusMillis(1);
        Message message = new Message(run.assistantMessageId(), run.threadId(), run.userMessageId(), Role.ASSISTANT, "",
                assistant, createdAt, MessageStatus.IN_PROGRESS, run.id(), run.attempt(), 0, null, null, null, null, null,
                null, 0);
        return mongo.save(message, Message.COLLECTION);
    }

    /**
     * Saves the text streamed so far and the {@code seq} of the last delta it includes. A checkpoint that
     * arrives late (after a newer one, or after the final answer) changes nothing.
     */
    public void checkpoint(Run run, String content, long lastSeq) {
        mongo.updateFirst(Query.query(Criteria.where(ID).is(run.assistantMessageId())
                        .and(RunFields.MESSAGE_ATTEMPT).is(run.attempt())
                        .and(RunFields.MESSAGE_STATUS).is(MessageStatus.IN_PROGRESS)
                        .and(RunFields.MESSAGE_LAST_SEQ).lte(lastSeq)),
                new Update().set(RunFields.MESSAGE_CONTENT, content).set(RunFields.MESSAGE_LAST_SEQ, lastSeq)
                        .inc(RunFields.MESSAGE_CHECKPOINT, 1),
                Message.class, Message.COLLECTION);
    }

    /**
     * Ends the run: stores the answer's final form, then the run's end with the {@code seq} its terminal
     * event will carry (and its error, so the end can be announced again if this worker dies before
     * announcing it), then frees the thread. False when this worker no longer holds the run: a newer
     * attempt ends it, and this one must publish nothing. A store that does not answer is waited for —
     * the end is written again, with growing pauses, until the store answers — because giving up would
     * either fail a run whose answer streamed in full or leave it to be answered all over again. Ending
     * again what this attempt already ended (its earlier write applied, its answer lost) is true and
     * changes nothing.
     */
    public boolean end(Run run, String workerId, RunEnding ending) {
        return persistently("end run " + run.id(), () -> endOnce(run, workerId, ending));
    }

    private boolean endOnce(Run run, String workerId, RunEnding ending) {
        Update answer = new Update().set(RunFields.MESSAGE_CONTENT, ending.content())
                .set(RunFields.MESSAGE_LAST_SEQ, ending.lastSeq()).set(RunFields.MESSAGE_STATUS, ending.answerStatus())
                .set(RunFields.MESSAGE_METRICS, ending.metrics());
        if (ending.usage() != null) {
            answer.set(RunFields.MESSAGE_USAGE, ending.usage());
        }
        mongo.updateFirst(Query.query(Criteria.where(ID).is(run.assistantMessageId())
                        .and(RunFields.MESSAGE_ATTEMPT).is(run.attempt())), answer, Message.class, Message.COLLECTION);
        Update end = new Update().set(STATUS, ending.status()).set(ENDED_AT, Instant.now())
                .set(TERMINAL_SEQ, ending.terminalSeq()).unset(LEASE_UNTIL);
        if (ending.error() != null) {
            end.set(ERROR, ending.error());
        }
        if (mongo.updateFirst(held(run, workerId), end, Run.class, Run.COLLECTION).getModifiedCount() == 0
                && !mongo.exists(endedBy(run, workerId, ending), Run.class, Run.COLLECTION)) {
            return false;
        }
        Update thread = new Update().set(RunFields.THREAD_UPDATED_AT, Instant.now());
        if (ending.context() != null) {
            thread.set(RunFields.THREAD_CONTEXT, ending.context());
        }
        mongo.updateFirst(Query.query(Criteria.where(ID).is(run.threadId())), thread, ChatThread.class,
                ChatThread.COLLECTION);
        clearActiveRun(run.threadId(), run.id());
        return true;
    }

    // ---- approvals (PROTOCOL.md §13)

    /**
     * Pauses the run this worker holds until a person answers {@code approval}: it becomes {@code awaiting_approval}
     * with no lease, so it holds no worker. False when this worker lost the run or a cancel was requested meanwhile.
     */
    public boolean pause(Run run, String workerId, PendingApproval approval) {
        Query query = held(run, workerId).addCriteria(Criteria.where(CANCEL_REQUESTED).ne(true));
        return mongo.updateFirst(query, new Update().set(STATUS, RunStatus.AWAITING_APPROVAL).set(APPROVAL, approval)
                .unset(LEASE_UNTIL), Run.class, Run.COLLECTION).getModifiedCount() > 0;
    }

    /**
     * Records the first answer to the call a run of the thread waits on ({@code runId} null: whichever run waits on
     * it). Empty when nothing waits on that call: unknown, answered already, timed out, cancelled or ended.
     */
    public Optional<Run> decide(String threadId, @Nullable String runId, String callId, ApprovalDecision decision) {
        Criteria waiting = Criteria.where(THREAD_ID).is(threadId).and(STATUS).is(RunStatus.AWAITING_APPROVAL)
                .and(APPROVAL_CALL).is(callId).and(APPROVAL_DECISION).is(null);
        if (runId != null) {
            waiting = waiting.and(ID).is(runId);
        }
        return Optional.ofNullable(mongo.findAndModify(Query.query(waiting),
                new Update().set(APPROVAL_DECISION, decision).set(APPROVAL_DISPATCHED, decision.decidedAt()),
                FindAndModifyOptions.options().returnNew(true), Run.class, Run.COLLECTION));
    }

    /** Decides every approval that expired unanswered as a timed-out denial, and returns the runs so decided. */
    public List<Run> timeOutApprovals(Instant now) {
        List<Run> expired = mongo.find(Query.query(Criteria.where(STATUS).is(RunStatus.AWAITING_APPROVAL)
                .and(APPROVAL_EXPIRES).lt(now).and(APPROVAL_DECISION).is(null)), Run.class, Run.COLLECTION);
        return expired.stream()
                .map(run -> decide(run.threadId(), run.id(), run.approval().callId(), ApprovalDecision.timedOut(now)))
                .flatMap(Optional::stream).toList();
    }

    /**
     * Waiting runs that can continue (answered, or cancelled while waiting) but were not taken up since
     * {@code before} — the request to continue them may have been lost — each marked as dispatched again now,
     * so that of several processes looking only one dispatches it.
     */
    public List<Run> stalledContinuations(Instant before) {
        List<Run> taken = new ArrayList<>();
        List<String> takenIds = new ArrayList<>();
        Run next;
        do {
            Query stalled = Query.query(new Criteria().andOperator(
                    Criteria.where(STATUS).is(RunStatus.AWAITING_APPROVAL).and(ID).nin(takenIds),
                    new Criteria().orOperator(Criteria.where(APPROVAL_DECISION).ne(null),
                            Criteria.where(CANCEL_REQUESTED).is(true)),
                    new Criteria().orOperator(Criteria.where(APPROVAL_DISPATCHED).lt(before),
                            Criteria.where(APPROVAL_DISPATCHED).is(null))));
            next = mongo.findAndModify(stalled, new Update().set(APPROVAL_DISPATCHED, Instant.now()),
                    FindAndModifyOptions.options().returnNew(true), Run.class, Run.COLLECTION);
            if (next != null) {
                taken.add(next);
                takenIds.add(next.id());
            }
        }
        while (next != null);
        return taken;
    }

    /**
     * Takes a waiting run that can continue for this worker, in the same attempt (its events keep their
     * {@code seq}); empty when it is not waiting or nobody answered yet. Only one worker ever takes it, so an
     * approved call runs at most once.
     */
    public Optional<Run> resume(String runId, String workerId, Duration lease) {
        Query continuable = Query.query(new Criteria().andOperator(
                Criteria.where(ID).is(runId).and(STATUS).is(RunStatus.AWAITING_APPROVAL),
                new Criteria().orOperator(Criteria.where(APPROVAL_DECISION).ne(null),
                        Criteria.where(CANCEL_REQUESTED).is(true))));
        return Optional.ofNullable(mongo.findAndModify(continuable, new Update().set(STATUS, RunStatus.RUNNING)
                        .set(LEASE_OWNER, workerId).set(LEASE_UNTIL, Instant.now().plus(lease)),
                FindAndModifyOptions.options().returnNew(true), Run.class, Run.COLLECTION));
    }

    /**
     * Marks the run's tokens as counted by the usage ledger: true the first time only, so whatever ends or
     * announces a run again, its tokens are added at most once.
     */
    public boolean markUsageRecorded(String runId) {
        return mongo.updateFirst(Query.query(Criteria.where(ID).is(runId).and(RunFields.USAGE_RECORDED).ne(true)),
                new Update().set(RunFields.USAGE_RECORDED, true), Run.class, Run.COLLECTION).getModifiedCount() > 0;
    }

    /** Records that the run's terminal event went out: the thread's next run may start. */
    public void announced(Run run) {
        persistently("record the end of run " + run.id() + " as announced", () -> {
            mongo.updateFirst(Query.query(Criteria.where(ID).is(run.id())), new Update().set(ANNOUNCED, true), Run.class,
                    Run.COLLECTION);
            return true;
        });
    }

    /**
     * The earliest run of the thread that must finish (and have its end announced) before this one
     * starts, if any. A predecessor still queued long after it was created was never dispatched (its
     * sender crashed) and is not waited for; nor is an end that was never announced after {@code abandonedAfter}.
     */
    public Optional<Run> blockingPredecessor(String threadId, long order, Duration abandonedAfter) {
        Instant abandoned = Instant.now().minus(abandonedAfter);
        Query query = Query.query(new Criteria().andOperator(
                Criteria.where(THREAD_ID).is(threadId).and(ORDER).lt(order),
                new Criteria().orOperator(Criteria.where(STATUS).in(PENDING), Criteria.where(ANNOUNCED).is(false))));
        return mongo.find(query, Run.class, Run.COLLECTION).stream()
                .filter(previous -> previous.status() == RunStatus.RUNNING
                        || previous.status() == RunStatus.AWAITING_APPROVAL
                        || (previous.status() == RunStatus.QUEUED && previous.createdAt().isAfter(abandoned))
                        || (previous.status().isTerminal() && previous.endedAt() != null
                                && previous.endedAt().isAfter(abandoned)))
                .min(Comparator.comparingLong(Run::order));
    }

    private void clearActiveRun(String threadId, String runId) {
        mongo.updateFirst(Query.query(Criteria.where(ID).is(threadId).and(RunFields.THREAD_ACTIVE_RUN).is(runId)),
                new Update().unset(RunFields.THREAD_ACTIVE_RUN), ChatThread.class, ChatThread.COLLECTION);
    }

    /** The run as this attempt ends it with {@code ending}. */
    private static Query endedBy(Run run, String workerId, RunEnding ending) {
        return Query.query(Criteria.where(ID).is(run.id()).and(LEASE_OWNER).is(workerId)
                .and(ATTEMPT).is(run.attempt()).and(STATUS).is(ending.status()).and(TERMINAL_SEQ).is(ending.terminalSeq()));
    }

    /**
     * Makes an idempotent write until the store answers: a store that is down or did not answer in time
     * ({@code DataAccessResourceFailureException}) is tried again after a pause that grows; an interrupt
     * (the process stopping) ends the waiting with the store's failure.
     */
    private static boolean persistently(String what, BooleanSupplier write) {
        Duration pause = FIRST_RETRY;
        while (true) {
            try {
                return write.getAsBoolean();
            }
            catch (DataAccessResourceFailureException unavailable) {
                log.warn("Could not {}, the store did not answer ({}); trying again in {} ms", what,
                        unavailable.getMessage(), pause.toMillis());
                try {
                    Thread.sleep(pause);
                }
                catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                    throw unavailable;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : pause.multipliedBy(2);
            }
        }
    }

    private static Query held(Run run, String workerId) {
        return Query.query(Criteria.where(ID).is(run.id()).and(LEASE_OWNER).is(workerId)
                .and(ATTEMPT).is(run.attempt()).and(STATUS).is(RunStatus.RUNNING));
    }

    /** A run's place in its thread, and the thread as it was just before (its earlier active run, if any). */
    public record Reservation(ChatThread before, long order, String plannedAnswerId) {
    }
}

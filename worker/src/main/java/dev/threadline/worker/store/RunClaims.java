package dev.threadline.worker.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.event.RunError;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Leases on runs, with single-document atomic updates only (no transactions needed). A worker claims a
 * queued run, or a running one whose lease expired (its worker died), as a new attempt; it renews the
 * lease while it works, and only the lease holder of the current attempt can end the run.
 */
@Component
public class RunClaims {

    private static final List<RunStatus> PENDING = List.of(RunStatus.QUEUED, RunStatus.RUNNING);

    private final MongoTemplate mongo;

    RunClaims(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<Run> find(String runId) {
        return Optional.ofNullable(mongo.findById(runId, Run.class, Run.COLLECTION));
    }

    /** Takes the run for this worker as a new attempt; empty if it ended or another worker holds a live lease. */
    public Optional<Run> claim(String runId, String workerId, Duration lease) {
        Instant now = Instant.now();
        Criteria claimable = new Criteria().orOperator(
                Criteria.where("status").is(RunStatus.QUEUED),
                Criteria.where("status").is(RunStatus.RUNNING).and("leaseUntil").lt(now));
        return Optional.ofNullable(mongo.findAndModify(
                Query.query(new Criteria().andOperator(Criteria.where("_id").is(runId), claimable)),
                new Update().set("status", RunStatus.RUNNING).set("leaseOwner", workerId)
                        .set("leaseUntil", now.plus(lease)).inc("attempt", 1),
                FindAndModifyOptions.options().returnNew(true), Run.class, Run.COLLECTION));
    }

    /** Takes a queued run of this thread for this worker as its first attempt; empty if it is not queued. */
    public Optional<Run> claimQueued(String runId, String threadId, String workerId, Duration lease) {
        return Optional.ofNullable(mongo.findAndModify(Query.query(Criteria.where("_id").is(runId).and("threadId")
                .is(threadId).and("status").is(RunStatus.QUEUED)), new Update().set("status", RunStatus.RUNNING)
                        .set("leaseOwner", workerId).set("leaseUntil", Instant.now().plus(lease)).inc("attempt", 1),
                FindAndModifyOptions.options().returnNew(true), Run.class, Run.COLLECTION));
    }

    /**
     * Extends the lease and reports whether the run should stop: true when this worker no longer holds it
     * (it expired and another worker took over) or a cancel was requested — one round trip for both.
     */
    public boolean renewOrStop(Run run, String workerId, Duration lease) {
        Run renewed = mongo.findAndModify(held(run, workerId), new Update().set("leaseUntil", Instant.now().plus(lease)),
                FindAndModifyOptions.options().returnNew(true), Run.class, Run.COLLECTION);
        return renewed == null || renewed.cancelRequested();
    }

    /**
     * Ends the run, recording the {@code seq} its terminal event will carry (and its error), so the end can
     * be announced again if this worker dies before announcing it; false when this worker no longer holds it.
     */
    public boolean end(Run run, String workerId, RunStatus status, long terminalSeq, @Nullable RunError error) {
        Update update = new Update().set("status", status).set("endedAt", Instant.now()).set("terminalSeq", terminalSeq)
                .unset("leaseUntil");
        if (error != null) {
            update.set("error", error);
        }
        return mongo.updateFirst(held(run, workerId), update, Run.class, Run.COLLECTION).getModifiedCount() > 0;
    }

    /** Records that the run's terminal event went out: the thread's next run may start. */
    public void announced(Run run) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(run.id())), new Update().set("announced", true),
                Run.class, Run.COLLECTION);
    }


    /**
     * The earliest run of the thread that must finish (and have its end announced) before this one
     * starts, if any. A predecessor still queued long after it was created was never dispatched (its
     * sender crashed) and is not waited for; nor is an end that was never announced after {@code abandonedAfter}.
     */
    public Optional<Run> blockingPredecessor(String threadId, long order, Duration abandonedAfter) {
        Instant abandoned = Instant.now().minus(abandonedAfter);
        Query query = Query.query(new Criteria().andOperator(
                Criteria.where("threadId").is(threadId).and("order").lt(order),
                new Criteria().orOperator(Criteria.where("status").in(PENDING),
                        Criteria.where("announced").is(false))));
        return mongo.find(query, Run.class, Run.COLLECTION).stream()
                .filter(previous -> previous.status() == RunStatus.RUNNING
                        || (previous.status() == RunStatus.QUEUED && previous.createdAt().isAfter(abandoned))
                        || (previous.status().isTerminal() && previous.endedAt() != null
                                && previous.endedAt().isAfter(abandoned)))
                .min(java.util.Comparator.comparingLong(Run::order));
    }

    private static Query held(Run run, String workerId) {
        return Query.query(Criteria.where("_id").is(run.id()).and("leaseOwner").is(workerId)
                .and("attempt").is(run.attempt()).and("status").is(RunStatus.RUNNING));
    }
}

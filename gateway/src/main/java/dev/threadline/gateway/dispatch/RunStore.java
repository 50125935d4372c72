package dev.threadline.gateway.dispatch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.threadline.model.Ids;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The gateway's side of the {@code runs} collection: it creates queued runs and requests cancellation. */
@Component
public class RunStore {

    private static final List<RunStatus> PENDING = List.of(RunStatus.QUEUED, RunStatus.RUNNING);

    private final MongoTemplate mongo;

    RunStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Inserts the run unless a run with its id exists already (a replayed send), and returns the stored one. */
    public Run insertIfAbsent(Run run) {
        try {
            return mongo.insert(run, Run.COLLECTION);
        }
        catch (DuplicateKeyException replay) {
            return find(run.threadId(), run.id()).orElseThrow();
        }
    }

    public Optional<Run> find(String threadId, String runId) {
        if (!Ids.isValid(runId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findOne(
                Query.query(Criteria.where("_id").is(runId).and("threadId").is(threadId)), Run.class, Run.COLLECTION));
    }

    /** How many runs of the thread will execute before the run with this order. */
    public long countAhead(String threadId, long order) {
        return mongo.count(Query.query(Criteria.where("threadId").is(threadId).and("order").lt(order)
                .and("status").in(PENDING)), Run.class, Run.COLLECTION);
    }

    /** How many of the user's runs are queued or running. */
    public long countActive(String userId) {
        return mongo.count(Query.query(Criteria.where("userId").is(userId).and("status").in(PENDING)), Run.class,
                Run.COLLECTION);
    }

    /** Cancels a run that has not started yet; empty when it already started or ended. */
    public Optional<Run> cancelIfQueued(String runId) {
        return Optional.ofNullable(mongo.findAndModify(
                Query.query(Criteria.where("_id").is(runId).and("status").is(RunStatus.QUEUED)),
                new Update().set("status", RunStatus.CANCELLED).set("cancelRequested", true)
                        .set("announced", true).set("endedAt", Instant.now()),
                FindAndModifyOptions.options().returnNew(true), Run.class, Run.COLLECTION));
    }

    /** Flags a running run so its worker stops it even if it missed the broadcast; false when it already ended. */
    public boolean requestCancel(String runId) {
        return mongo.updateFirst(Query.query(Criteria.where("_id").is(runId).and("status").is(RunStatus.RUNNING)),
                new Update().set("cancelRequested", true), Run.class, Run.COLLECTION).getModifiedCount() > 0;
    }

    public void delete(String runId) {
        mongo.remove(Query.query(Criteria.where("_id").is(runId)), Run.class, Run.COLLECTION);
    }
}

package dev.threadline.gateway.thread;

import java.time.Instant;
import java.util.Optional;

import dev.threadline.gateway.web.ApiException;
import dev.threadline.model.Ids;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** Threads in MongoDB, always looked up together with their owner so no query can reach another user's thread. */
@Component
public class ThreadStore {

    private final MongoTemplate mongo;

    ThreadStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public ChatThread create(String ownerId, String title, String assistant) {
        return mongo.insert(ChatThread.create(Ids.newId(), ownerId, title, assistant, Instant.now()),
                ChatThread.COLLECTION);
    }

    public Optional<ChatThread> findOwned(String threadId, String ownerId) {
        if (!Ids.isValid(threadId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findOne(
                Query.query(Criteria.where("_id").is(threadId).and("ownerId").is(ownerId)), ChatThread.class,
                ChatThread.COLLECTION));
    }

    public Page<ChatThread> list(String ownerId, int limit, @org.jspecify.annotations.Nullable String before) {
        ChatThread cursor = before == null ? null : findOwned(before, ownerId)
                .orElseThrow(() -> ApiException.validation("before must be the id of one of your threads"));
        Query query = NewestFirst.query(Criteria.where("ownerId").is(ownerId),
                cursor == null ? null : cursor.createdAt(), cursor == null ? null : cursor.id(), limit);
        return NewestFirst.page(mongo.find(query, ChatThread.class, ChatThread.COLLECTION), limit, ChatThread::id);
    }

    /** Reserves the next run order of the thread and marks the run active, in one atomic update. */
    public long nextRunOrder(String threadId, String runId) {
        ChatThread updated = mongo.findAndModify(Query.query(Criteria.where("_id").is(threadId)),
                new Update().inc("runCounter", 1).set("activeRunId", runId).set("updatedAt", Instant.now()),
                FindAndModifyOptions.options().returnNew(true), ChatThread.class, ChatThread.COLLECTION);
        if (updated == null) {
            throw new IllegalStateException("thread " + threadId + " disappeared");
        }
        return updated.runCounter();
    }

    public void clearActiveRun(String threadId, String runId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(threadId).and("activeRunId").is(runId)),
                new Update().unset("activeRunId"), ChatThread.class, ChatThread.COLLECTION);
    }

    public void delete(ChatThread thread) {
        mongo.remove(Query.query(Criteria.where("threadId").is(thread.id())), Message.class, Message.COLLECTION);
        mongo.remove(Query.query(Criteria.where("threadId").is(thread.id())), Run.class, Run.COLLECTION);
        mongo.remove(Query.query(Criteria.where("_id").is(thread.id())), ChatThread.class, ChatThread.COLLECTION);
    }
}

package dev.threadline.gateway.thread;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.threadline.gateway.error.ThreadlineException;
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

/**
 * Threads in MongoDB, always looked up together with their owner so no query can reach another user's
 * thread. Who owns a thread never changes, so ownership checks are cached for a while; a thread deleted
 * through another gateway may pass one of them until the entry expires, and is then refused by the
 * store itself when a run is reserved.
 */
@Component
class ThreadStore {

    private static final Duration OWNERSHIP_CACHED_FOR = Duration.ofSeconds(30);

    private final MongoTemplate mongo;
    private final Cache<String, Boolean> owned = Caffeine.newBuilder().expireAfterWrite(OWNERSHIP_CACHED_FOR)
            .maximumSize(200_000).build();

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

    /** Whether the user owns the thread; answered from the cache when it can be. */
    public boolean isOwner(String threadId, String ownerId) {
        String key = ownerId + '\n' + threadId;
        if (owned.getIfPresent(key) != null) {
            return true;
        }
        boolean owner = findOwned(threadId, ownerId).isPresent();
        if (owner) {
            owned.put(key, Boolean.TRUE);
        }
        return owner;
    }

    public Page<ChatThread> list(String ownerId, int limit, @org.jspecify.annotations.Nullable String before) {
        ChatThread cursor = before == null ? null : findOwned(before, ownerId)
                .orElseThrow(() -> ThreadlineException.validation("before must be the id of one of your threads"));
        Query query = NewestFirst.query(Criteria.where("ownerId").is(ownerId),
                cursor == null ? null : cursor.createdAt(), cursor == null ? null : cursor.id(), limit);
        return NewestFirst.page(mongo.find(query, ChatThread.class, ChatThread.COLLECTION), limit, ChatThread::id);
    }

    /**
     * Reserves the next run order of the user's thread and marks the run active, in one atomic update;
     * empty when the user owns no such thread (any more).
     */
    public Optional<Reservation> reserveRun(String threadId, String ownerId, String runId) {
        ChatThread before = mongo.findAndModify(Query.query(Criteria.where("_id").is(threadId).and("ownerId").is(ownerId)),
                new Update().inc("runCounter", 1).set("activeRunId", runId).set("updatedAt", Instant.now()),
                FindAndModifyOptions.options().returnNew(false), ChatThread.class, ChatThread.COLLECTION);
        return Optional.ofNullable(before).map(thread -> new Reservation(thread, thread.runCounter() + 1));
    }

    /** A run's place in its thread, and the thread as it was just before (its earlier active run, if any). */
    public record Reservation(ChatThread before, long order) {
    }

    public void clearActiveRun(String threadId, String runId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(threadId).and("activeRunId").is(runId)),
                new Update().unset("activeRunId"), ChatThread.class, ChatThread.COLLECTION);
    }

    public void delete(ChatThread thread) {
        owned.invalidate(thread.ownerId() + '\n' + thread.id());
        mongo.remove(Query.query(Criteria.where("threadId").is(thread.id())), Message.class, Message.COLLECTION);
        mongo.remove(Query.query(Criteria.where("threadId").is(thread.id())), Run.class, Run.COLLECTION);
        mongo.remove(Query.query(Criteria.where("_id").is(thread.id())), ChatThread.class, ChatThread.COLLECTION);
    }
}

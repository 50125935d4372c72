package dev.threadline.gateway.thread;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.common.Ids;
import dev.threadline.common.run.RunLifecycle;
import dev.threadline.common.search.SearchIndex;
import dev.threadline.model.message.Message;
import dev.threadline.model.thread.ChatThread;
import org.jspecify.annotations.Nullable;
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
    private final RunLifecycle runs;
    private final SearchIndex search;
    private final Cache<String, Boolean> owned = Caffeine.newBuilder().expireAfterWrite(OWNERSHIP_CACHED_FOR)
            .maximumSize(200_000).build();

    ThreadStore(MongoTemplate mongo, RunLifecycle runs, SearchIndex search) {
        this.mongo = mongo;
        this.runs = runs;
        this.search = search;
    }

    public ChatThread create(String ownerId, String title, boolean autoTitle, String assistant) {
        ChatThread thread = mongo.insert(ChatThread.create(Ids.newId(), ownerId, title, autoTitle, assistant,
                Instant.now()), ChatThread.COLLECTION);
        if (!autoTitle) {
            search.indexTitle(ownerId, thread);
        }
        return thread;
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

    public Page<ChatThread> list(String ownerId, ThreadFilter filter, int limit, @Nullable String before) {
        ChatThread cursor = before == null ? null : findOwned(before, ownerId)
                .orElseThrow(() -> ThreadlineException.validation("before must be the id of one of your threads"));
        Criteria scope = Criteria.where("ownerId").is(ownerId);
        scope = filter.archived() ? scope.and("archived").is(true) : scope.and("archived").ne(true);
        if (filter.pinned() != null) {
            scope = filter.pinned() ? scope.and("pinned").is(true) : scope.and("pinned").ne(true);
        }
        if (filter.tag() != null) {
            scope = scope.and("tags").is(filter.tag());
        }
        return PinnedFirst.page(mongo.find(PinnedFirst.query(scope, cursor, limit), ChatThread.class,
                ChatThread.COLLECTION), limit);
    }

    /** Applies an update to the user's thread and returns it as it is now; empty when the user owns no such thread. */
    public Optional<ChatThread> update(String threadId, String ownerId, Update update) {
        return Optional.ofNullable(mongo.findAndModify(
                Query.query(Criteria.where("_id").is(threadId).and("ownerId").is(ownerId)),
                update.set("updatedAt", Instant.now()), FindAndModifyOptions.options().returnNew(true), ChatThread.class,
                ChatThread.COLLECTION));
    }

    public void delete(ChatThread thread) {
        owned.invalidate(thread.ownerId() + '\n' + thread.id());
        mongo.remove(Query.query(Criteria.where("threadId").is(thread.id())), Message.class, Message.COLLECTION);
        runs.forgetThread(thread.id());
        mongo.remove(Query.query(Criteria.where("_id").is(thread.id())), ChatThread.class, ChatThread.COLLECTION);
        search.forgetThread(thread.id());
    }
}

package dev.threadline.gateway.thread;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
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
 * Threads in MongoDB, always looked up together with the user asking — as their owner, or as a participant
 * (owner or member, PROTOCOL.md §14) — so no query can reach a thread of others. Participation checks are
 * cached: the owner's for a while (who owns a thread never changes; a thread deleted through another gateway
 * may pass until the entry expires, and is then refused by the store itself when a run is reserved), a
 * member's only briefly, since the owner may remove them through any gateway; this gateway forgets a removed
 * member's entry at once.
 */
@Component
class ThreadStore {

    private static final Duration OWNER_CACHED_FOR = Duration.ofSeconds(30);
    private static final Duration MEMBER_CACHED_FOR = Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    private final RunLifecycle runs;
    private final SearchIndex search;
    /** user and thread → whether the user owns it (a member's entry is false); absent: not known to participate. */
    private final Cache<String, Boolean> participating = Caffeine.newBuilder()
            .expireAfter(Expiry.<String, Boolean>creating((key, owner) -> owner ? OWNER_CACHED_FOR : MEMBER_CACHED_FOR))
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

    /** The thread if the user owns it or is one of its members. */
    public Optional<ChatThread> findParticipating(String threadId, String userId) {
        return find(Criteria.where("_id").is(threadId).andOperator(participant(userId)), threadId);
    }

    /** Whether the user owns the thread or is one of its members; answered from the cache when it can be. */
    public boolean isParticipant(String threadId, String userId) {
        String key = key(threadId, userId);
        if (participating.getIfPresent(key) != null) {
            return true;
        }
        Optional<ChatThread> thread = findParticipating(threadId, userId);
        thread.ifPresent(found -> participating.put(key, found.ownerId().equals(userId)));
        return thread.isPresent();
    }

    static Criteria participant(String userId) {
        return new Criteria().orOperator(Criteria.where("ownerId").is(userId), Criteria.where("members").is(userId));
    }

    private Optional<ChatThread> find(Criteria criteria, String threadId) {
        if (!Ids.isValid(threadId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findOne(Query.query(criteria), ChatThread.class, ChatThread.COLLECTION));
    }

    private static String key(String threadId, String userId) {
        return userId + '\n' + threadId;
    }

    /** The threads the user owns and those they are a member of, pinned first, then newest first. */
    public Page<ChatThread> list(String userId, ThreadFilter filter, int limit, @Nullable String before) {
        ChatThread cursor = before == null ? null : findParticipating(before, userId)
                .orElseThrow(() -> ThreadlineException.validation("before must be the id of one of your threads"));
        List<Criteria> scope = new ArrayList<>(List.of(participant(userId)));
        scope.add(filter.archived() ? Criteria.where("archived").is(true) : Criteria.where("archived").ne(true));
        if (filter.pinned() != null) {
            scope.add(filter.pinned() ? Criteria.where("pinned").is(true) : Criteria.where("pinned").ne(true));
        }
        if (filter.tag() != null) {
            scope.add(Criteria.where("tags").is(filter.tag()));
        }
        return PinnedFirst.page(mongo.find(PinnedFirst.query(new Criteria().andOperator(scope), cursor, limit),
                ChatThread.class, ChatThread.COLLECTION), limit);
    }

    /** Applies an update to a thread the user owns and returns it as it is now; empty when they own no such thread. */
    public Optional<ChatThread> update(String threadId, String ownerId, Update update) {
        return update(Criteria.where("_id").is(threadId).and("ownerId").is(ownerId), update);
    }

    /** Applies an update to a thread the user owns or is a member of; empty when there is no such thread. */
    public Optional<ChatThread> updateAsParticipant(String threadId, String userId, Update update) {
        return update(Criteria.where("_id").is(threadId).andOperator(participant(userId)), update);
    }

    /**
     * Adds a member to a thread the user owns, unless it has {@code maxMembers} already; returns the thread as it
     * is now, empty when the owner has no such thread or it is full (the caller tells which).
     */
    public Optional<ChatThread> addMember(String threadId, String ownerId, String memberId, int maxMembers) {
        return update(Criteria.where("_id").is(threadId).and("ownerId").is(ownerId)
                .and("members." + (maxMembers - 1)).exists(false), new Update().addToSet("members", memberId));
    }

    /** Removes a member; this gateway stops trusting its cached participation at once. */
    public Optional<ChatThread> removeMember(String threadId, String ownerId, String memberId) {
        participating.invalidate(key(threadId, memberId));
        Optional<ChatThread> updated = update(Criteria.where("_id").is(threadId).and("ownerId").is(ownerId),
                new Update().pull("members", memberId));
        participating.invalidate(key(threadId, memberId));
        return updated;
    }

    private Optional<ChatThread> update(Criteria criteria, Update update) {
        return Optional.ofNullable(mongo.findAndModify(Query.query(criteria), update.set("updatedAt", Instant.now()),
                FindAndModifyOptions.options().returnNew(true), ChatThread.class, ChatThread.COLLECTION));
    }

    public void delete(ChatThread thread) {
        participating.invalidate(key(thread.id(), thread.ownerId()));
        thread.members().forEach(member -> participating.invalidate(key(thread.id(), member)));
        mongo.remove(Query.query(Criteria.where("threadId").is(thread.id())), Message.class, Message.COLLECTION);
        runs.forgetThread(thread.id());
        mongo.remove(Query.query(Criteria.where("_id").is(thread.id())), ChatThread.class, ChatThread.COLLECTION);
        search.forgetThread(thread.id());
    }
}

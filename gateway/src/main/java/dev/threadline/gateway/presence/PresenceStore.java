package dev.threadline.gateway.presence;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import dev.threadline.common.store.StoreSchema;
import dev.threadline.model.event.Presence;
import dev.threadline.model.thread.ChatThread;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.BulkOperations;
import org.springframework.data.mongodb.core.FindAndReplaceOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * The presence collection: one entry per session and thread. Reads ignore expired entries, and expired entries
 * are deleted here explicitly, not by a TTL index, so every store (the MongoDB-wire server included) behaves alike.
 */
@Component
class PresenceStore {

    private static final int SWEEP_BATCH = 1_000;

    private final MongoTemplate mongo;

    PresenceStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    void save(PresenceEntry entry) {
        mongo.save(entry, StoreSchema.PRESENCE);
    }

    void saveAll(Collection<PresenceEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        BulkOperations bulk = mongo.bulkOps(BulkOperations.BulkMode.UNORDERED, PresenceEntry.class, StoreSchema.PRESENCE);
        entries.forEach(entry -> bulk.replaceOne(Query.query(Criteria.where("_id").is(entry.id())), entry,
                FindAndReplaceOptions.options().upsert()));
        bulk.execute();
    }

    void remove(Collection<String> ids) {
        if (!ids.isEmpty()) {
            mongo.remove(Query.query(Criteria.where("_id").in(ids)), StoreSchema.PRESENCE);
        }
    }

    void removeGateway(String gatewayId) {
        mongo.remove(Query.query(Criteria.where("gatewayId").is(gatewayId)), StoreSchema.PRESENCE);
    }

    /** This gateway's entries as stored: thread id by entry id. */
    Map<String, String> entriesOf(String gatewayId) {
        Query query = Query.query(Criteria.where("gatewayId").is(gatewayId));
        query.fields().include("threadId");
        Map<String, String> entries = new HashMap<>();
        mongo.find(query, Document.class, StoreSchema.PRESENCE)
                .forEach(entry -> entries.put(entry.getString("_id"), entry.getString("threadId")));
        return entries;
    }

    /** Extends the lifetime of every entry of the gateway; returns how many it has in the store. */
    long refresh(String gatewayId, Instant expiresAt) {
        return mongo.updateMulti(Query.query(Criteria.where("gatewayId").is(gatewayId)),
                new Update().set("expiresAt", expiresAt), StoreSchema.PRESENCE).getMatchedCount();
    }

    /** Deletes entries that expired (their gateway stopped refreshing them); returns the threads this call deleted entries of. */
    Set<String> sweep(Instant now) {
        Query expired = Query.query(Criteria.where("expiresAt").lt(now)).limit(SWEEP_BATCH);
        expired.fields().include("threadId");
        Set<String> threads = new LinkedHashSet<>();
        for (Document entry : mongo.find(expired, Document.class, StoreSchema.PRESENCE)) {
            if (mongo.remove(Query.query(Criteria.where("_id").is(entry.get("_id")).and("expiresAt").lt(now)),
                    StoreSchema.PRESENCE).getDeletedCount() > 0) {
                threads.add(entry.getString("threadId"));
            }
        }
        return threads;
    }

    /** The owner and members of each of the threads that still exist, by thread id. */
    Map<String, Set<String>> participants(Collection<String> threadIds) {
        Map<String, Set<String>> participants = new HashMap<>();
        List<ObjectId> ids = threadIds.stream().filter(ObjectId::isValid).map(ObjectId::new).toList();
        for (int from = 0; from < ids.size(); from += SWEEP_BATCH) {
            Query query = Query.query(Criteria.where("_id").in(ids.subList(from, Math.min(ids.size(), from + SWEEP_BATCH))));
            query.fields().include("ownerId").include("members");
            mongo.find(query, Document.class, ChatThread.COLLECTION).forEach(thread -> {
                Set<String> users = new HashSet<>(thread.getList("members", String.class, List.of()));
                users.add(thread.getString("ownerId"));
                participants.put(thread.getObjectId("_id").toHexString(), users);
            });
        }
        return participants;
    }

    /** Who watches the thread now: the distinct users, sorted, and how many sessions. */
    Presence of(String threadId, Instant now) {
        return of(List.of(threadId), now).getFirst();
    }

    /** Who watches each of the threads now, in one read: one {@link Presence} per thread, in their order. */
    List<Presence> of(List<String> threadIds, Instant now) {
        Query live = Query.query(Criteria.where("threadId").in(threadIds).and("expiresAt").gt(now));
        live.fields().include("threadId").include("userId");
        Map<String, Set<String>> usersByThread = new HashMap<>();
        Map<String, Integer> sessionsByThread = new HashMap<>();
        for (Document entry : mongo.find(live, Document.class, StoreSchema.PRESENCE)) {
            String threadId = entry.getString("threadId");
            usersByThread.computeIfAbsent(threadId, key -> new TreeSet<>()).add(entry.getString("userId"));
            sessionsByThread.merge(threadId, 1, Integer::sum);
        }
        return threadIds.stream().map(threadId -> new Presence(threadId, now,
                List.copyOf(usersByThread.getOrDefault(threadId, Set.of())), sessionsByThread.getOrDefault(threadId, 0)))
                .toList();
    }
}

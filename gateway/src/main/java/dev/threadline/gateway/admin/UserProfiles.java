package dev.threadline.gateway.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.threadline.model.user.UserAccount;
import dev.threadline.model.user.UserProfile;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.data.mongodb.core.schema.JsonSchemaObject;
import org.springframework.stereotype.Component;

/** The {@code user_profiles} collection: first and last seen, disabled, daily token budget. */
@Component
class UserProfiles {

    private final MongoTemplate mongo;

    UserProfiles(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /**
     * Records that the user's token was used at {@code at}. {@code $min}/{@code $max} rather than
     * {@code $setOnInsert}: a profile an admin made before the user came has no {@code firstSeenAt} yet,
     * and writes of two gateways may land out of order.
     */
    void seen(String userId, Instant at) {
        mongo.upsert(Query.query(Criteria.where("_id").is(userId)),
                new Update().min("firstSeenAt", at).max("lastSeenAt", at).setOnInsert("disabled", false),
                UserProfile.COLLECTION);
    }

    /**
     * Up to {@code limit + 1} profiles after {@code before}, highest id first. Ids that are ObjectIds (the
     * store keeps a local-issuer subject, 24 hex digits, as one) come before the others (external issuers'
     * subjects, kept as strings), as the store orders them by type first.
     */
    List<UserProfile> page(int limit, @Nullable String before) {
        List<UserProfile> found = new ArrayList<>();
        boolean pastObjectIds = before != null && !ObjectId.isValid(before);
        if (!pastObjectIds) {
            Criteria objectIds = Criteria.where("_id").type(JsonSchemaObject.Type.OBJECT_ID);
            found.addAll(highestFirst(before == null ? objectIds : objectIds.lt(new ObjectId(before)), limit + 1));
        }
        if (found.size() <= limit) {
            Criteria strings = Criteria.where("_id").type(JsonSchemaObject.Type.STRING);
            found.addAll(highestFirst(pastObjectIds ? strings.lt(before) : strings, limit + 1 - found.size()));
        }
        return found;
    }

    private List<UserProfile> highestFirst(Criteria criteria, int limit) {
        return mongo.find(Query.query(criteria).with(Sort.by(Sort.Direction.DESC, "_id")).limit(limit),
                UserProfile.class, UserProfile.COLLECTION);
    }

    /**
     * Applies an admin's change and returns the profile as it is now, creating it for a user not seen yet
     * (an admin may disable a user, or set their budget, before they come).
     */
    UserProfile update(String userId, UserPatch patch) {
        Update update = new Update();
        if (patch.disabled() != null) {
            update.set("disabled", patch.disabled());
        }
        else {
            update.setOnInsert("disabled", false);
        }
        if (patch.clearDailyTokens()) {
            update.unset("dailyTokens");
        }
        else if (patch.dailyTokens() != null) {
            update.set("dailyTokens", patch.dailyTokens());
        }
        return mongo.findAndModify(Query.query(Criteria.where("_id").is(userId)), update,
                FindAndModifyOptions.options().upsert(true).returnNew(true), UserProfile.class, UserProfile.COLLECTION);
    }

    /** The ids of every disabled user: one query on the {@code disabled} index, ids only. */
    Set<String> disabledIds() {
        Query query = Query.query(Criteria.where("disabled").is(true));
        query.fields().include("_id");
        return mongo.find(query, Document.class, UserProfile.COLLECTION).stream()
                .map(document -> String.valueOf(document.get("_id"))).collect(Collectors.toUnmodifiableSet());
    }

    /** Usernames of the local-issuer accounts among {@code userIds}, by id. */
    Map<String, String> usernames(Collection<String> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Query query = Query.query(Criteria.where("_id").in(userIds));
        query.fields().include("username");
        return mongo.find(query, Document.class, UserAccount.COLLECTION).stream()
                .filter(document -> document.get("username") != null)
                .collect(Collectors.toUnmodifiableMap(document -> String.valueOf(document.get("_id")),
                        document -> String.valueOf(document.get("username"))));
    }
}

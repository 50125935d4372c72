package dev.threadline.gateway.thread;

import java.util.List;

import dev.threadline.model.thread.ChatThread;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Keyset pagination of a user's threads over {@code (pinned, createdAt, _id)} descending: pinned threads
 * first, then newest first; stable under inserts, and a page never repeats or skips a thread, unlike
 * skip/limit. Threads stored before pinning existed have no {@code pinned} field and count as not pinned.
 */
final class PinnedFirst {

    private PinnedFirst() {
    }

    static Query query(Criteria scope, @Nullable ChatThread cursor, int limit) {
        Criteria criteria = scope;
        if (cursor != null) {
            Criteria olderInGroup = new Criteria().orOperator(
                    Criteria.where("createdAt").lt(cursor.createdAt()),
                    Criteria.where("createdAt").is(cursor.createdAt()).and("_id").lt(cursor.id()));
            Criteria after = cursor.pinned()
                    ? new Criteria().orOperator(Criteria.where("pinned").ne(true),
                            new Criteria().andOperator(Criteria.where("pinned").is(true), olderInGroup))
                    : new Criteria().andOperator(Criteria.where("pinned").ne(true), olderInGroup);
            criteria = new Criteria().andOperator(scope, after);
        }
        return Query.query(criteria)
                .with(Sort.by(Sort.Order.desc("pinned"), Sort.Order.desc("createdAt"), Sort.Order.desc("_id")))
                .limit(limit + 1);
    }

    static Page<ChatThread> page(List<ChatThread> fetched, int limit) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<ChatThread> items = fetched.subList(0, limit);
        return new Page<>(List.copyOf(items), items.get(limit - 1).id());
    }
}

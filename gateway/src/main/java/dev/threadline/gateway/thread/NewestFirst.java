package dev.threadline.gateway.thread;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * Keyset pagination over {@code (createdAt, _id)} descending: stable under inserts, and a page never
 * repeats or skips an item, unlike skip/limit.
 */
final class NewestFirst {

    private NewestFirst() {
    }

    static Query query(Criteria scope, @Nullable Instant beforeCreatedAt, @Nullable String beforeId, int limit) {
        Criteria criteria = scope;
        if (beforeCreatedAt != null && beforeId != null) {
            criteria = new Criteria().andOperator(scope, new Criteria().orOperator(
                    Criteria.where("createdAt").lt(beforeCreatedAt),
                    Criteria.where("createdAt").is(beforeCreatedAt).and("_id").lt(beforeId)));
        }
        return Query.query(criteria)
                .with(Sort.by(Sort.Order.desc("createdAt"), Sort.Order.desc("_id")))
                .limit(limit + 1);
    }

    static <T> Page<T> page(List<T> fetched, int limit, Function<T, String> id) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(List.copyOf(items), id.apply(items.get(limit - 1)));
    }
}

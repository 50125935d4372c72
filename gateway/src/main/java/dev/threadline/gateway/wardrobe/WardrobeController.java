package dev.threadline.gateway.wardrobe;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.common.Ids;
import dev.threadline.model.wardrobe.WardrobeItem;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own wardrobe items, which the {@code search_wardrobe} tool searches. */
@RestController
@RequestMapping("/api/wardrobe/items")
class WardrobeController {

    static final Set<String> CATEGORIES = Set.of("tops", "bottoms", "dresses", "outerwear", "shoes", "accessories");
    private static final int MAX_ITEMS = 500;

    private final MongoTemplate mongo;

    WardrobeController(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @GetMapping
    Map<String, List<WardrobeItem>> list(@AuthenticationPrincipal Jwt user) {
        return Map.of("items", mongo.find(Query.query(Criteria.where("userId").is(user.getSubject()))
                .with(Sort.by("category", "name")), WardrobeItem.class, WardrobeItem.COLLECTION));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    WardrobeItem add(@AuthenticationPrincipal Jwt user, @RequestBody WardrobeItemRequest body) {
        String name = required(body.name(), "name", 100);
        String category = required(body.category(), "category", 20).toLowerCase(java.util.Locale.ROOT);
        if (!CATEGORIES.contains(category)) {
            throw ThreadlineException.validation("category must be one of " + CATEGORIES);
        }
        if (mongo.count(Query.query(Criteria.where("userId").is(user.getSubject())), WardrobeItem.class,
                WardrobeItem.COLLECTION) >= MAX_ITEMS) {
            throw ThreadlineException.validation("a wardrobe holds at most " + MAX_ITEMS + " items");
        }
        return mongo.insert(new WardrobeItem(Ids.newId(), user.getSubject(), name, category,
                optional(body.color(), "color", 40), optional(body.description(), "description", 500), Instant.now()),
                WardrobeItem.COLLECTION);
    }

    @DeleteMapping("/{itemId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt user, @PathVariable String itemId) {
        if (!Ids.isValid(itemId) || mongo.remove(Query.query(Criteria.where("_id").is(itemId).and("userId")
                .is(user.getSubject())), WardrobeItem.class, WardrobeItem.COLLECTION).getDeletedCount() == 0) {
            throw ThreadlineException.notFound("Wardrobe item");
        }
        return ResponseEntity.noContent().build();
    }

    private static String required(@Nullable String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            throw ThreadlineException.validation(field + " must not be blank");
        }
        return optional(value, field, maxLength);
    }

    private static @Nullable String optional(@Nullable String value, String field, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.strip().length() > maxLength) {
            throw ThreadlineException.validation(field + " must be at most " + maxLength + " characters");
        }
        return value.strip();
    }
}

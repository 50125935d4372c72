package dev.threadline.common.assistant;


import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.threadline.common.Ids;
import dev.threadline.model.assistant.AssistantDefinition;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;

/**
 * The assistants in MongoDB, shared by the worker (runs, command line) and the gateway (REST): one
 * service for both, with names unique by index. Lookups by name — one or more per run — are cached for
 * {@link #CACHE_FOR}: this process sees its own changes at once, other processes within that time.
 */
public class AssistantCatalog {

    public static final Duration CACHE_FOR = Duration.ofSeconds(5);

    private final MongoTemplate mongo;
    private final Cache<String, Optional<AssistantDefinition>> byName = Caffeine.newBuilder().expireAfterWrite(CACHE_FOR)
            .maximumSize(1_000).build();

    public AssistantCatalog(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Seeds the default assistants when the store has none; true if it did. */
    public boolean seedDefaultsIfEmpty() {
        if (mongo.count(new Query(), AssistantDefinition.class, AssistantDefinition.COLLECTION) > 0) {
            return false;
        }
        for (AssistantDefinition assistant : DefaultAssistants.all()) {
            try {
                mongo.insert(assistant, AssistantDefinition.COLLECTION);
            }
            catch (DuplicateKeyException seededConcurrently) {
                // another gateway or worker seeded it at the same moment
            }
        }
        return true;
    }

    /** Creates or updates (by name) the three default assistants. */
    public List<AssistantDefinition> saveDefaults() {
        return DefaultAssistants.all().stream().map(this::save).toList();
    }

    public List<AssistantDefinition> list() {
        return mongo.find(new Query().with(Sort.by("name")), AssistantDefinition.class, AssistantDefinition.COLLECTION);
    }

    public Optional<AssistantDefinition> findByName(String name) {
        return byName.get(name, this::load);
    }

    private Optional<AssistantDefinition> load(String name) {
        return Optional.ofNullable(mongo.findOne(Query.query(Criteria.where("name").is(name)),
                AssistantDefinition.class, AssistantDefinition.COLLECTION));
    }

    public Optional<AssistantDefinition> findByIdOrName(String idOrName) {
        if (Ids.isValid(idOrName)) {
            AssistantDefinition byId = mongo.findById(idOrName, AssistantDefinition.class,
                    AssistantDefinition.COLLECTION);
            if (byId != null) {
                return Optional.of(byId);
            }
        }
        return load(idOrName);
    }

    /** Inserts the assistant, or replaces the one with the same name (keeping its id and creation time). */
    public AssistantDefinition save(AssistantDefinition assistant) {
        Instant now = Instant.now();
        AssistantDefinition stored = load(assistant.name())
                .map(existing -> new AssistantDefinition(existing.id(), assistant.name(), assistant.description(),
                        assistant.model(), assistant.instructions(), assistant.temperature(), assistant.tools(),
                        assistant.delegates(), assistant.toolSettings(), existing.createdAt(), now))
                .orElse(assistant);
        AssistantDefinition saved = mongo.save(stored, AssistantDefinition.COLLECTION);
        byName.invalidate(saved.name());
        return saved;
    }

    public Optional<AssistantDefinition> delete(String idOrName) {
        Optional<AssistantDefinition> found = findByIdOrName(idOrName);
        found.ifPresent(assistant -> {
            mongo.remove(Query.query(Criteria.where("_id").is(assistant.id())), AssistantDefinition.class,
                    AssistantDefinition.COLLECTION);
            byName.invalidate(assistant.name());
        });
        return found;
    }
}

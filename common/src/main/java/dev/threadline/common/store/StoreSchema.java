package dev.threadline.common.store;

import java.util.List;

import dev.threadline.common.search.SearchEntry;
import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.model.user.UserAccount;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;

/**
 * Every index of every collection, in one place, created at start by every gateway and worker (creating
 * an existing index is a no-op), so no process relies on an index another kind of process made. The
 * worker's command line creates them only before commands that write ({@code threadline.store.initialize-schema=false}).
 */
public class StoreSchema implements InitializingBean {

    /** One index of one collection. */
    public record CollectionIndex(String collection, Index index) {
    }

    static final List<CollectionIndex> INDEXES = List.of(
            new CollectionIndex(Run.COLLECTION, new Index().on("threadId", Direction.ASC).on("order", Direction.ASC)
                    .named("thread_order")),
            new CollectionIndex(Run.COLLECTION, new Index().on("userId", Direction.ASC).on("status", Direction.ASC)
                    .named("user_status")),
            new CollectionIndex(ChatThread.COLLECTION, new Index().on("ownerId", Direction.ASC)
                    .on("createdAt", Direction.DESC).named("owner_newest")),
            new CollectionIndex(ChatThread.COLLECTION, new Index().on("ownerId", Direction.ASC)
                    .on("pinned", Direction.DESC).on("createdAt", Direction.DESC).on("_id", Direction.DESC)
                    .named("owner_pinned_newest")),
            new CollectionIndex(Message.COLLECTION, new Index().on("threadId", Direction.ASC)
                    .on("createdAt", Direction.DESC).named("thread_newest")),
            new CollectionIndex(AssistantDefinition.COLLECTION, new Index().on("name", Direction.ASC).unique()
                    .named("name_unique")),
            new CollectionIndex(UserAccount.COLLECTION, new Index().on("username", Direction.ASC).unique()
                    .named("username_unique")),
            new CollectionIndex(SearchEntry.COLLECTION, new Index().on("ownerId", Direction.ASC).on("terms", Direction.ASC)
                    .on("rank", Direction.ASC).on("createdAt", Direction.DESC).on("_id", Direction.DESC)
                    .named("owner_terms_rank_newest")),
            new CollectionIndex(SearchEntry.COLLECTION, new Index().on("threadId", Direction.ASC).named("thread")));

    private final MongoTemplate mongo;
    private final StoreProperties properties;

    public StoreSchema(MongoTemplate mongo, StoreProperties properties) {
        this.mongo = mongo;
        this.properties = properties;
    }

    @Override
    public void afterPropertiesSet() {
        if (properties.initializeSchema()) {
            create();
        }
    }

    public void create() {
        INDEXES.forEach(declared -> mongo.indexOps(declared.collection()).createIndex(declared.index()));
    }
}

package dev.threadline.common.store;

import java.util.List;

import dev.threadline.common.search.SearchEntry;
import dev.threadline.common.usage.UsageDay;
import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.model.user.UserAccount;
import dev.threadline.model.user.UserProfile;
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

    /** Who is subscribed to which thread on which gateway (PROTOCOL.md §14); entries expire unless refreshed. */
    public static final String PRESENCE = "presence";

    static final List<CollectionIndex> INDEXES = List.of(
            new CollectionIndex(Run.COLLECTION, new Index().on("threadId", Direction.ASC).on("order", Direction.ASC)
                    .named("thread_order")),
            new CollectionIndex(Run.COLLECTION, new Index().on("userId", Direction.ASC).on("status", Direction.ASC)
                    .named("user_status")),
            new CollectionIndex(Run.COLLECTION, new Index().on("status", Direction.ASC)
                    .on("approval.expiresAt", Direction.ASC).named("status_approval_expiry")),
            new CollectionIndex(ChatThread.COLLECTION, new Index().on("ownerId", Direction.ASC)
                    .on("createdAt", Direction.DESC).named("owner_newest")),
            new CollectionIndex(ChatThread.COLLECTION, new Index().on("ownerId", Direction.ASC)
                    .on("pinned", Direction.DESC).on("createdAt", Direction.DESC).on("_id", Direction.DESC)
                    .named("owner_pinned_newest")),
            new CollectionIndex(ChatThread.COLLECTION, new Index().on("members", Direction.ASC)
                    .on("pinned", Direction.DESC).on("createdAt", Direction.DESC).on("_id", Direction.DESC)
                    .named("member_pinned_newest")),
            new CollectionIndex(Message.COLLECTION, new Index().on("threadId", Direction.ASC)
                    .on("createdAt", Direction.DESC).named("thread_newest")),
            new CollectionIndex(AssistantDefinition.COLLECTION, new Index().on("name", Direction.ASC).unique()
                    .named("name_unique")),
            new CollectionIndex(UserAccount.COLLECTION, new Index().on("username", Direction.ASC).unique()
                    .named("username_unique")),
            new CollectionIndex(SearchEntry.COLLECTION, new Index().on("ownerId", Direction.ASC).on("terms", Direction.ASC)
                    .on("rank", Direction.ASC).on("createdAt", Direction.DESC).on("_id", Direction.DESC)
                    .named("owner_terms_rank_newest")),
            new CollectionIndex(SearchEntry.COLLECTION, new Index().on("threadId", Direction.ASC).named("thread")),
            new CollectionIndex(UsageDay.COLLECTION, new Index().on("userId", Direction.ASC).on("date", Direction.ASC)
                    .named("user_date")),
            new CollectionIndex(UsageDay.COLLECTION, new Index().on("date", Direction.ASC).on("userId", Direction.ASC)
                    .named("date_user")),
            new CollectionIndex(UserProfile.COLLECTION, new Index().on("disabled", Direction.ASC).named("disabled")),
            new CollectionIndex(PRESENCE, new Index().on("threadId", Direction.ASC).named("thread")),
            new CollectionIndex(PRESENCE, new Index().on("gatewayId", Direction.ASC).named("gateway")),
            new CollectionIndex(PRESENCE, new Index().on("expiresAt", Direction.ASC).named("expires")));

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

package dev.threadline.gateway.thread;

import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.stereotype.Component;

/** The indexes the gateway's queries need; creating an existing index is a no-op. */
@Component
class StoreIndexes {

    private final MongoTemplate mongo;

    StoreIndexes(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventListener(ApplicationReadyEvent.class)
    void create() {
        mongo.indexOps(ChatThread.COLLECTION).createIndex(new Index().on("ownerId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC).named("owner_newest"));
        mongo.indexOps(Message.COLLECTION).createIndex(new Index().on("threadId", Sort.Direction.ASC)
                .on("createdAt", Sort.Direction.DESC).named("thread_newest"));
        mongo.indexOps(Run.COLLECTION).createIndex(new Index().on("threadId", Sort.Direction.ASC)
                .on("order", Sort.Direction.ASC).named("thread_order"));
    }
}

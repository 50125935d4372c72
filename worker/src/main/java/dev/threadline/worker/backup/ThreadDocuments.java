package dev.threadline.worker.backup;

import java.util.List;

import dev.threadline.common.search.SearchEntry;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.worker.store.ModerationFlag;
import org.bson.BsonDocument;
import org.bson.BsonObjectId;
import org.bson.BsonString;
import org.bson.BsonValue;

/**
 * Which documents belong to a thread: the thread itself, and in each per-thread collection those whose
 * {@code threadId} names it. A test holds this list against every stored record with a {@code threadId}.
 */
final class ThreadDocuments {

    static final String THREADS = ChatThread.COLLECTION;
    static final String THREAD_ID = "threadId";
    static final List<String> PER_THREAD = List.of(Message.COLLECTION, Run.COLLECTION, ModerationFlag.COLLECTION,
            SearchEntry.COLLECTION);

    private ThreadDocuments() {
    }

    /** The id as the application writes it: the hex of an ObjectId (Spring Data stores such ids as ObjectIds). */
    static String idOf(BsonDocument document) {
        BsonValue id = document.get("_id");
        if (id instanceof BsonObjectId objectId) {
            return objectId.getValue().toHexString();
        }
        if (id instanceof BsonString string) {
            return string.getValue();
        }
        return String.valueOf(id);
    }

    static String threadIdOf(BsonDocument document) {
        BsonValue threadId = document.get(THREAD_ID);
        return threadId != null && threadId.isString() ? threadId.asString().getValue() : "";
    }
}

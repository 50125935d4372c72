package dev.threadline.worker.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.threadline.common.Ids;
import dev.threadline.model.message.Feedback;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.message.Sentiment;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.worker.store.ModerationFlag;
import org.bson.BsonDocument;
import org.bson.types.ObjectId;
import org.springframework.data.mongodb.core.MongoTemplate;

/** A store database for the backup and archive tests, written the way the services write it (Spring Data, the shared records). */
final class StoreFixtures implements AutoCloseable {

    private final String uri;
    private final MongoClient client;
    private final MongoTemplate mongo;

    StoreFixtures(String uri) {
        this.uri = uri;
        this.client = MongoClients.create(uri);
        this.mongo = new MongoTemplate(client, new ConnectionString(uri).getDatabase());
    }

    String uri() {
        return uri;
    }

    String storeArgument() {
        return "--spring.mongodb.uri=" + uri;
    }

    MongoTemplate mongo() {
        return mongo;
    }

    /** A thread of {@code turns} completed runs (a user message and a rated answer each), last touched at {@code at}. */
    String thread(String owner, int turns, Instant at) {
        String threadId = Ids.newId();
        for (int order = 1; order <= turns; order++) {
            Instant asked = at.minusSeconds(60L * (turns - order + 1));
            String runId = Ids.newId();
            String question = Ids.newId();
            String answer = Ids.newId();
            mongo.insert(Message.user(question, threadId, owner, "Question " + order + ": what should I wear?", asked,
                    runId, null, "client-" + order), Message.COLLECTION);
            mongo.insert(new Message(answer, threadId, question, Role.ASSISTANT, "Answer " + order + ": a linen shirt.", "orchestrator",
                    asked.plusSeconds(2), MessageStatus.COMPLETE, runId, 1, 7, null, new Feedback("up", "helpful"),
                    new MessageMetrics(120L, 1900, 32, 410, 12, new Sentiment(0.4404, "positive")), null, null, null, 3),
                    Message.COLLECTION);
            mongo.insert(new Run(runId, threadId, owner, order, RunStatus.COMPLETED, 1, question, answer, "orchestrator",
                    "gpt-4.1-mini", 0.7, "worker-1", null, false, true, asked, asked.plusSeconds(3), 8, null, null), Run.COLLECTION);
        }
        mongo.insert(new ModerationFlag(Ids.newId(), Ids.newId(), threadId, owner, Ids.newId(), List.of("harassment"),
                at.minusSeconds(30)), ModerationFlag.COLLECTION);
        mongo.insert(new ChatThread(threadId, "Thread of " + owner, "orchestrator", at.minusSeconds(3600), at, null, null, false, false,
                null, null, null, owner, turns, false), ChatThread.COLLECTION);
        return threadId;
    }

    /** Every document of the collection, as stored (exact BSON types), in {@code _id} order. */
    List<BsonDocument> documents(String collection) {
        return mongo.getDb().getCollection(collection, BsonDocument.class).find().sort(Sorts.ascending("_id"))
                .into(new ArrayList<>());
    }

    /** The thread's own document and every document of its per-thread collections, by collection. */
    Map<String, List<BsonDocument>> documentsOf(String threadId) {
        Map<String, List<BsonDocument>> documents = new LinkedHashMap<>();
        documents.put(ChatThread.COLLECTION, mongo.getDb().getCollection(ChatThread.COLLECTION, BsonDocument.class)
                .find(Filters.eq("_id", new ObjectId(threadId))).into(new ArrayList<>()));
        for (String collection : List.of(Message.COLLECTION, Run.COLLECTION, ModerationFlag.COLLECTION)) {
            documents.put(collection, mongo.getDb().getCollection(collection, BsonDocument.class)
                    .find(Filters.eq("threadId", threadId)).sort(Sorts.ascending("_id")).into(new ArrayList<>()));
        }
        return documents;
    }

    List<String> collections() {
        List<String> names = mongo.getDb().listCollectionNames().into(new ArrayList<>());
        names.removeIf(name -> name.startsWith("system."));
        names.sort(null);
        return names;
    }

    @Override
    public void close() {
        client.close();
    }
}

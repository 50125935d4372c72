package dev.threadline.gateway.thread;

import java.util.Optional;

import dev.threadline.model.Ids;
import dev.threadline.model.message.Message;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

@Component
public class MessageStore {

    private final MongoTemplate mongo;

    MessageStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** Inserts a new message; a second insert of the same id raises {@code DuplicateKeyException}. */
    public Message insert(Message message) {
        return mongo.insert(message, Message.COLLECTION);
    }

    public Optional<Message> find(String threadId, String messageId) {
        if (!Ids.isValid(messageId)) {
            return Optional.empty();
        }
        return Optional.ofNullable(mongo.findOne(
                Query.query(Criteria.where("_id").is(messageId).and("threadId").is(threadId)), Message.class,
                Message.COLLECTION));
    }

    public void setFeedback(String messageId, dev.threadline.model.message.Feedback feedback) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(messageId)),
                new org.springframework.data.mongodb.core.query.Update().set("feedback", feedback), Message.class,
                Message.COLLECTION);
    }

    public void delete(String messageId) {
        mongo.remove(Query.query(Criteria.where("_id").is(messageId)), Message.class, Message.COLLECTION);
    }

    public Page<Message> list(String threadId, int limit, @Nullable String before) {
        Message cursor = before == null ? null : find(threadId, before).orElse(null);
        Query query = NewestFirst.query(Criteria.where("threadId").is(threadId),
                cursor == null ? null : cursor.createdAt(), cursor == null ? null : cursor.id(), limit);
        return NewestFirst.page(mongo.find(query, Message.class, Message.COLLECTION), limit, Message::id);
    }
}

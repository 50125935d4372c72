package dev.threadline.gateway.thread;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.threadline.model.message.MessageStatus;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.common.Ids;
import dev.threadline.model.message.Message;
import org.jspecify.annotations.Nullable;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

@Component
class MessageStore {

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

    /**
     * A page for a client that is resuming (PROTOCOL.md §5): for each answer still being written, waits
     * (at most {@code maxWait}) until its worker has checkpointed twice since this call began, so its
     * content and {@code lastSeq} include every delta published before the client re-subscribed.
     */
    public Page<Message> listResumable(String threadId, int limit, @Nullable String before, Duration maxWait) {
        Page<Message> page = list(threadId, limit, before);
        Map<String, Long> writing = new HashMap<>();
        page.items().stream().filter(message -> message.status() == MessageStatus.IN_PROGRESS)
                .forEach(message -> writing.put(message.id(), message.checkpoint()));
        if (writing.isEmpty()) {
            return page;
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        while (!writing.isEmpty() && System.nanoTime() < deadline) {
            pause();
            for (Message current : mongo.find(Query.query(Criteria.where("_id").in(writing.keySet())), Message.class,
                    Message.COLLECTION)) {
                if (current.status() != MessageStatus.IN_PROGRESS || current.checkpoint() >= writing.get(current.id()) + 2) {
                    writing.remove(current.id());
                }
            }
        }
        return list(threadId, limit, before);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    public Page<Message> list(String threadId, int limit, @Nullable String before) {
        Message cursor = before == null ? null : find(threadId, before)
                .orElseThrow(() -> ThreadlineException.validation("before must be the id of a message of this thread"));
        Query query = NewestFirst.query(Criteria.where("threadId").is(threadId),
                cursor == null ? null : cursor.createdAt(), cursor == null ? null : cursor.id(), limit);
        return NewestFirst.page(mongo.find(query, Message.class, Message.COLLECTION), limit, Message::id);
    }
}

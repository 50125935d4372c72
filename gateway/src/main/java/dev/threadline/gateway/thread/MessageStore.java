package dev.threadline.gateway.thread;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import dev.threadline.common.tree.ConversationTree;
import dev.threadline.common.tree.MessageTree;
import dev.threadline.model.thread.ChatThread;

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
    private final ConversationTree tree;

    MessageStore(MongoTemplate mongo, ConversationTree tree) {
        this.mongo = mongo;
        this.tree = tree;
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
    public Page<Message> listResumable(ChatThread thread, @Nullable String leafId, int limit, @Nullable String before,
            Duration maxWait) {
        Page<Message> page = list(thread, leafId, limit, before);
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
        return list(thread, leafId, limit, before);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * One page of a branch of the thread, newest first (PROTOCOL.md §10): root → {@code leafId}, or root →
     * the thread's {@code currentLeafId} when none is given; each message with its siblings.
     */
    public Page<Message> list(ChatThread thread, @Nullable String leafId, int limit, @Nullable String before) {
        MessageTree branches = tree.load(thread);
        if (leafId != null && !branches.isStored(leafId)) {
            throw ThreadlineException.validation("leafId must be the id of a message of this thread");
        }
        List<String> newestFirst = new ArrayList<>(branches.path(leafId != null ? leafId : activeLeaf(thread, branches)));
        Collections.reverse(newestFirst);
        int from = 0;
        if (before != null) {
            from = newestFirst.indexOf(before) + 1;
            if (from == 0) {
                throw ThreadlineException.validation("before must be the id of a message of this branch");
            }
        }
        List<String> ids = newestFirst.subList(from, Math.min(from + limit, newestFirst.size()));
        Map<String, Message> byId = new HashMap<>();
        mongo.find(Query.query(Criteria.where("_id").in(ids)), Message.class, Message.COLLECTION)
                .forEach(message -> byId.put(message.id(), message));
        List<Message> items = ids.stream().map(byId::get).filter(Objects::nonNull)
                .map(message -> message.withSiblingIds(branches.siblingIds(message.id()))).toList();
        String next = from + limit < newestFirst.size() && !ids.isEmpty() ? ids.getLast() : null;
        return new Page<>(items, next);
    }

    /** The tip of the active branch; for a thread stored before the tree, or a tip no longer known, its newest message. */
    private static String activeLeaf(ChatThread thread, MessageTree branches) {
        String leaf = thread.currentLeafId();
        if (leaf != null && !branches.path(leaf).isEmpty()) {
            return leaf;
        }
        return branches.newest().orElse("");
    }
}

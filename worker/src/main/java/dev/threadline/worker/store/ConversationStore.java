package dev.threadline.worker.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.threadline.common.Ids;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/** The worker's reads and writes of threads and messages. */
@Component
public class ConversationStore {

    private final MongoTemplate mongo;

    ConversationStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public Optional<ChatThread> thread(String threadId) {
        return Optional.ofNullable(mongo.findById(threadId, ChatThread.class, ChatThread.COLLECTION));
    }

    /**
     * The conversation up to and including this run's user message, in run order: each earlier run's user
     * message followed by its completed answer.
     */
    public List<Message> history(Run run, int maxRuns) {
        List<Run> runs = mongo.find(Query.query(Criteria.where("threadId").is(run.threadId())
                .and("order").lte(run.order())).with(Sort.by(Sort.Direction.DESC, "order")).limit(maxRuns),
                Run.class, Run.COLLECTION);
        List<String> messageIds = new ArrayList<>();
        for (Run previous : runs) {
            messageIds.add(previous.userMessageId());
            if (!previous.id().equals(run.id())) {
                messageIds.add(previous.assistantMessageId());
            }
        }
        Map<String, Message> byId = mongo.find(Query.query(Criteria.where("_id").in(messageIds)), Message.class,
                Message.COLLECTION).stream().collect(Collectors.toMap(Message::id, message -> message));
        List<Message> history = new ArrayList<>();
        runs.stream().sorted(Comparator.comparingLong(Run::order)).forEach(previous -> {
            Message user = byId.get(previous.userMessageId());
            Message answer = byId.get(previous.assistantMessageId());
            if (user != null) {
                history.add(user);
            }
            if (answer != null && answer.status() == MessageStatus.COMPLETE && !previous.id().equals(run.id())) {
                history.add(answer);
            }
        });
        return history;
    }

    /** Creates (or, for a new attempt, resets) the run's assistant message as {@code in_progress}. */
    public Message startAnswer(Run run, String assistant, Instant notBefore) {
        Instant createdAt = Instant.now().isAfter(notBefore) ? Instant.now() : notBefore.plusMillis(1);
        Message message = new Message(run.assistantMessageId(), run.threadId(), Role.ASSISTANT, "", assistant,
                createdAt, MessageStatus.IN_PROGRESS, run.id(), run.attempt(), 0, null, null, null, null, 0);
        mongo.save(message, Message.COLLECTION);
        return message;
    }

    /**
     * Saves the text streamed so far and the {@code seq} of the last delta it includes. A checkpoint that
     * arrives late (after a newer one, or after the final answer) changes nothing.
     */
    public void checkpoint(Run run, String content, long lastSeq) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(run.assistantMessageId()).and("attempt").is(run.attempt())
                .and("status").is(MessageStatus.IN_PROGRESS).and("lastSeq").lte(lastSeq)),
                new Update().set("content", content).set("lastSeq", lastSeq).inc("checkpoint", 1), Message.class,
                Message.COLLECTION);
    }

    /** Stores the answer's end; returns it as stored, built from the started message rather than read back. */
    public @Nullable Message finishAnswer(Run run, @Nullable Message started, String content, long lastSeq,
            MessageStatus status, MessageMetrics metrics) {
        mongo.updateFirst(answerOf(run), new Update().set("content", content).set("lastSeq", lastSeq)
                .set("status", status).set("metrics", metrics), Message.class, Message.COLLECTION);
        return started == null ? null : new Message(started.id(), started.threadId(), started.role(), content,
                started.author(), started.createdAt(), status, started.runId(), started.attempt(), lastSeq, null, null,
                metrics, null, 0);
    }

    public Message answer(Run run) {
        return mongo.findById(run.assistantMessageId(), Message.class, Message.COLLECTION);
    }

    /** Keeps a moderation verdict that stopped a run, for the operators who review them. */
    public void recordFlagged(Run run, List<String> categories) {
        mongo.insert(new ModerationFlag(Ids.newId(), run.id(), run.threadId(), run.userId(), run.userMessageId(),
                List.copyOf(categories), Instant.now()), ModerationFlag.COLLECTION);
    }

    public void touchThread(String threadId, String runId) {
        mongo.updateFirst(Query.query(Criteria.where("_id").is(threadId)), new Update().set("updatedAt", Instant.now()),
                ChatThread.class, ChatThread.COLLECTION);
        mongo.updateFirst(Query.query(Criteria.where("_id").is(threadId).and("activeRunId").is(runId)),
                new Update().unset("activeRunId"), ChatThread.class, ChatThread.COLLECTION);
    }

    private static Query answerOf(Run run) {
        return Query.query(Criteria.where("_id").is(run.assistantMessageId()).and("attempt").is(run.attempt()));
    }
}

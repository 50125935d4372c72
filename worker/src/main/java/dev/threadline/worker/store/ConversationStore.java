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
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The worker's reads of threads and messages, and its record of moderation verdicts; answers are written by the run lifecycle. */
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

    public Message answer(Run run) {
        return mongo.findById(run.assistantMessageId(), Message.class, Message.COLLECTION);
    }

    /** Keeps a moderation verdict that stopped a run, for the operators who review them. */
    public void recordFlagged(Run run, List<String> categories) {
        mongo.insert(new ModerationFlag(Ids.newId(), run.id(), run.threadId(), run.userId(), run.userMessageId(),
                List.copyOf(categories), Instant.now()), ModerationFlag.COLLECTION);
    }

}

package dev.threadline.worker.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.threadline.common.Ids;
import dev.threadline.common.tree.ConversationTree;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.run.Run;
import dev.threadline.model.thread.ChatThread;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

/** The worker's reads of threads and messages, and its record of moderation verdicts; answers are written by the run lifecycle. */
@Component
public class ConversationStore {

    private final MongoTemplate mongo;
    private final ConversationTree tree;

    ConversationStore(MongoTemplate mongo, ConversationTree tree) {
        this.mongo = mongo;
        this.tree = tree;
    }

    public Optional<ChatThread> thread(String threadId) {
        return Optional.ofNullable(mongo.findById(threadId, ChatThread.class, ChatThread.COLLECTION));
    }

    /**
     * The conversation a run answers: the branch from the root to the run's user message (PROTOCOL.md
     * §10), never a sibling branch; earlier answers only when they completed; at most the last
     * {@code maxRuns} user turns.
     */
    public List<Message> history(Run run, int maxRuns) {
        ChatThread thread = thread(run.threadId()).orElse(null);
        if (thread == null) {
            return List.of();
        }
        List<String> path = tree.load(thread).path(run.userMessageId());
        Map<String, Message> byId = mongo.find(Query.query(Criteria.where("_id").in(path)), Message.class,
                Message.COLLECTION).stream().collect(Collectors.toMap(Message::id, message -> message));
        List<Message> history = new ArrayList<>();
        for (String id : path) {
            Message message = byId.get(id);
            if (message != null && (message.role() == Role.USER || message.status() == MessageStatus.COMPLETE)) {
                history.add(message);
            }
        }
        int turns = 0;
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).role() == Role.USER && ++turns > maxRuns) {
                return List.copyOf(history.subList(i + 1, history.size()));
            }
        }
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

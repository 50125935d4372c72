package dev.threadline.common.tree;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

/**
 * Reads a thread's conversation tree (PROTOCOL.md §10) from its messages' {@code parentId}s. An answer
 * planned for a run but not stored stands in the tree as its run's {@code assistantMessageId}, a child of
 * the run's user message, so a message sent after it (while the run was queued or streaming) still has a
 * path to the root. A thread stored before the tree existed ({@code currentLeafId} null) reads as one
 * branch in creation order until {@link #adoptLegacy} gives its messages their parents.
 */
public class ConversationTree {

    private static final List<RunStatus> PENDING = List.of(RunStatus.QUEUED, RunStatus.RUNNING,
            RunStatus.AWAITING_APPROVAL);

    private final MongoTemplate mongo;

    public ConversationTree(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    public MessageTree load(ChatThread thread) {
        List<StoredNode> stored = storedNodes(thread.id());
        Map<String, TreeNode> nodes = new HashMap<>();
        if (thread.currentLeafId() == null) {
            String previous = null;
            for (StoredNode node : stored) {
                nodes.put(node.id(), new TreeNode(node.id(), previous, node.createdAt(), true));
                previous = node.id();
            }
            return new MessageTree(nodes);
        }
        stored.forEach(node -> nodes.put(node.id(), new TreeNode(node.id(), node.parentId(), node.createdAt(), true)));
        Set<String> planned = new HashSet<>();
        planned.add(thread.currentLeafId());
        stored.forEach(node -> {
            if (node.parentId() != null) {
                planned.add(node.parentId());
            }
        });
        planned.removeAll(nodes.keySet());
        if (!planned.isEmpty()) {
            mongo.find(Query.query(Criteria.where("threadId").is(thread.id()).and("assistantMessageId").in(planned)),
                    Run.class, Run.COLLECTION).forEach(run -> nodes.put(run.assistantMessageId(),
                            new TreeNode(run.assistantMessageId(), run.userMessageId(), run.createdAt(), false)));
        }
        return new MessageTree(nodes);
    }

    /**
     * Gives the messages of a thread stored before the tree existed their parents, each the message created
     * before it, and returns the id a new message follows: the newest message, or the answer planned for
     * the thread's latest run if that is still pending. Safe to repeat, and to run from two senders at once.
     */
    public @Nullable String adoptLegacy(String threadId) {
        List<StoredNode> stored = storedNodes(threadId);
        String previous = null;
        for (StoredNode node : stored) {
            if (previous != null && !previous.equals(node.parentId())) {
                mongo.updateFirst(Query.query(Criteria.where("_id").is(node.id())), new Update().set("parentId", previous),
                        Message.class, Message.COLLECTION);
            }
            previous = node.id();
        }
        Run latest = mongo.findOne(Query.query(Criteria.where("threadId").is(threadId).and("status").in(PENDING))
                .with(Sort.by(Sort.Direction.DESC, "order")), Run.class, Run.COLLECTION);
        if (latest != null && stored.stream().noneMatch(node -> node.id().equals(latest.assistantMessageId()))) {
            return latest.assistantMessageId();
        }
        return previous;
    }

    private List<StoredNode> storedNodes(String threadId) {
        Query query = Query.query(Criteria.where("threadId").is(threadId));
        query.fields().include("parentId", "createdAt");
        List<StoredNode> nodes = new ArrayList<>(mongo.find(query, StoredNode.class, Message.COLLECTION));
        nodes.sort(Comparator.comparing(StoredNode::createdAt).thenComparing(StoredNode::id));
        return nodes;
    }
}

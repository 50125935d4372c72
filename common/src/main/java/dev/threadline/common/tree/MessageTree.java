package dev.threadline.common.tree;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/** The tree of one thread as read at one moment: paths, siblings and descendants, answered in memory. */
public final class MessageTree {

    private static final Comparator<TreeNode> OLDEST_FIRST = Comparator.comparing(TreeNode::createdAt)
            .thenComparing(TreeNode::id);

    private final Map<String, TreeNode> nodes;
    private final Map<@Nullable String, List<TreeNode>> children = new HashMap<>();

    MessageTree(Map<String, TreeNode> nodes) {
        this.nodes = nodes;
        nodes.values().forEach(node -> children.computeIfAbsent(node.parentId(), parent -> new ArrayList<>()).add(node));
        children.values().forEach(list -> list.sort(OLDEST_FIRST));
    }

    public boolean isEmpty() {
        return nodes.isEmpty();
    }

    /** Whether the id is a message stored in this thread (not only an answer planned for a run). */
    public boolean isStored(String id) {
        TreeNode node = nodes.get(id);
        return node != null && node.stored();
    }

    public Optional<String> parentOf(String id) {
        return Optional.ofNullable(nodes.get(id)).map(TreeNode::parentId);
    }

    /** The ids of the stored messages from the root to {@code leafId}, oldest first; empty for an unknown leaf. */
    public List<String> path(String leafId) {
        List<String> path = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        TreeNode node = nodes.get(leafId);
        while (node != null && seen.add(node.id())) {
            if (node.stored()) {
                path.add(node.id());
            }
            node = node.parentId() == null ? null : nodes.get(node.parentId());
        }
        Collections.reverse(path);
        return path;
    }

    /** The stored messages with the same parent as {@code id} (itself included), oldest first. */
    public List<String> siblingIds(String id) {
        TreeNode node = nodes.get(id);
        if (node == null) {
            return List.of();
        }
        return children.getOrDefault(node.parentId(), List.of()).stream().filter(TreeNode::stored).map(TreeNode::id)
                .toList();
    }

    /** The most recently created stored message at or below {@code id}: the tip of that branch's latest continuation. */
    public String latestBelow(String id) {
        TreeNode latest = nodes.get(id);
        Deque<TreeNode> pending = new ArrayDeque<>(children.getOrDefault(id, List.of()));
        Set<String> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            TreeNode node = pending.pop();
            if (!seen.add(node.id())) {
                continue;
            }
            if (node.stored() && (latest == null || OLDEST_FIRST.compare(node, latest) > 0)) {
                latest = node;
            }
            pending.addAll(children.getOrDefault(node.id(), List.of()));
        }
        return latest == null ? id : latest.id();
    }

    /** The newest stored message of the thread; empty for a thread without messages. */
    public Optional<String> newest() {
        return nodes.values().stream().filter(TreeNode::stored).max(OLDEST_FIRST).map(TreeNode::id);
    }
}

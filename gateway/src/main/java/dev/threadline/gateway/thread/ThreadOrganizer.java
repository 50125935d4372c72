package dev.threadline.gateway.thread;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import dev.threadline.common.search.SearchIndex;
import dev.threadline.common.tree.ConversationTree;
import dev.threadline.common.tree.MessageTree;
import dev.threadline.gateway.dispatch.RunDispatcher;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.model.event.ThreadUpdated;
import dev.threadline.model.thread.ChatThread;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Service;
import org.springframework.util.StringUtils;

/**
 * Renames, pins, archives and tags threads (PROTOCOL.md §11) — their owner only — and switches their active
 * branch (§10) — the owner or a member, since members send on it; every change is announced to the thread's
 * subscribers as {@code thread.updated}.
 */
@Service
class ThreadOrganizer {

    static final int MAX_TITLE_CHARS = 200;
    private static final int MAX_TAGS = 20;
    private static final int MAX_TAG_CHARS = 40;

    private final ThreadAccess access;
    private final ThreadStore threads;
    private final ConversationTree tree;
    private final RunDispatcher dispatcher;
    private final SearchIndex search;

    ThreadOrganizer(ThreadAccess access, ThreadStore threads, ConversationTree tree, RunDispatcher dispatcher,
            SearchIndex search) {
        this.search = search;
        this.access = access;
        this.threads = threads;
        this.tree = tree;
        this.dispatcher = dispatcher;
    }

    ChatThread patch(String userId, String threadId, ThreadPatch patch) {
        Update update = new Update();
        if (patch.title() != null) {
            update.set("title", title(patch.title())).set("autoTitle", false);
        }
        if (patch.pinned() != null) {
            update.set("pinned", patch.pinned());
        }
        if (patch.archived() != null) {
            update.set("archived", patch.archived());
        }
        if (patch.tags() != null) {
            update.set("tags", tags(patch.tags()));
        }
        if (update.getUpdateObject().isEmpty()) {
            throw ThreadlineException.validation("give at least one of title, pinned, archived, tags");
        }
        access.requireOwner(threadId, userId);
        ChatThread updated = threads.update(threadId, userId, update)
                .orElseThrow(() -> ThreadlineException.notFound("Thread"));
        if (patch.title() != null) {
            search.indexTitle(userId, updated);
        }
        return announce(updated);
    }

    ChatThread switchBranch(String userId, String threadId, BranchRequest request) {
        ChatThread thread = access.requireParticipant(threadId, userId);
        MessageTree branches = tree.load(thread);
        String leafId = request.leafId();
        if (leafId == null || !branches.isStored(leafId)) {
            throw ThreadlineException.validation("leafId must be the id of a message of this thread");
        }
        String leaf = Boolean.TRUE.equals(request.latest()) ? branches.latestBelow(leafId) : leafId;
        if (thread.currentLeafId() == null && thread.runCounter() > 0) {
            tree.adoptLegacy(threadId);
        }
        return announce(threads.updateAsParticipant(threadId, userId, new Update().set("currentLeafId", leaf))
                .orElseThrow(() -> ThreadlineException.notFound("Thread")));
    }

    static String title(String title) {
        String stripped = title.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_TITLE_CHARS) {
            throw ThreadlineException.validation("title must be 1 to " + MAX_TITLE_CHARS + " characters");
        }
        return stripped;
    }

    private static List<String> tags(List<String> tags) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String tag : tags) {
            String stripped = tag == null ? "" : tag.strip();
            if (!StringUtils.hasText(stripped) || stripped.length() > MAX_TAG_CHARS
                    || stripped.chars().anyMatch(Character::isISOControl)) {
                throw ThreadlineException.validation("each tag must be 1 to " + MAX_TAG_CHARS + " printable characters");
            }
            distinct.add(stripped);
        }
        if (distinct.size() > MAX_TAGS) {
            throw ThreadlineException.validation("a thread takes at most " + MAX_TAGS + " tags");
        }
        return List.copyOf(distinct);
    }

    private ChatThread announce(ChatThread thread) {
        dispatcher.publish(new ThreadUpdated(thread.id(), Instant.now(), thread));
        return thread;
    }
}

package dev.threadline.gateway.thread;

import java.time.Instant;
import java.util.List;

import dev.threadline.gateway.dispatch.RunDispatcher;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.gateway.presence.PresenceTracker;
import dev.threadline.model.event.ThreadUpdated;
import dev.threadline.model.thread.ChatThread;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The members of a thread (PROTOCOL.md §14), managed by its owner: adding someone already in (the owner
 * included) or removing someone not in changes nothing and is no error. A change is announced as
 * {@code thread.updated} carrying the members. A removed member's subscriptions on this gateway end at once;
 * on the others, at their next presence refresh.
 */
@Service
class ThreadMembers {

    static final int MAX_MEMBERS = 50;
    static final int MAX_USER_ID_CHARS = 200;

    private final ThreadAccess access;
    private final ThreadStore threads;
    private final RunDispatcher dispatcher;
    private final PresenceTracker presence;

    ThreadMembers(ThreadAccess access, ThreadStore threads, RunDispatcher dispatcher, PresenceTracker presence) {
        this.access = access;
        this.threads = threads;
        this.dispatcher = dispatcher;
        this.presence = presence;
    }

    void add(String ownerId, String threadId, @Nullable String memberId) {
        String member = validUserId(memberId);
        ChatThread thread = access.requireOwner(threadId, ownerId);
        if (thread.isParticipant(member)) {
            return;
        }
        ChatThread updated = threads.addMember(threadId, ownerId, member, MAX_MEMBERS).orElseThrow(() -> {
            access.requireOwner(threadId, ownerId);
            return ThreadlineException.validation("a thread takes at most " + MAX_MEMBERS + " members");
        });
        announce(updated);
    }

    void remove(String ownerId, String threadId, String memberId) {
        ChatThread thread = access.requireOwner(threadId, ownerId);
        if (!thread.members().contains(memberId)) {
            return;
        }
        threads.removeMember(threadId, ownerId, memberId).ifPresent(this::announce);
        presence.revokeStrangers(List.of(threadId));
    }

    private void announce(ChatThread thread) {
        dispatcher.publish(new ThreadUpdated(thread.id(), Instant.now(), thread));
    }

    private static String validUserId(@Nullable String userId) {
        String stripped = userId == null ? "" : userId.strip();
        if (stripped.isEmpty() || stripped.length() > MAX_USER_ID_CHARS || !stripped.equals(userId)
                || stripped.chars().anyMatch(Character::isISOControl)) {
            throw ThreadlineException.validation("userId must be 1 to " + MAX_USER_ID_CHARS
                    + " printable characters without surrounding spaces");
        }
        return stripped;
    }
}

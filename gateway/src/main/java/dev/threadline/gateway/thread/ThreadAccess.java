package dev.threadline.gateway.thread;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.gateway.stomp.ThreadOwnership;
import dev.threadline.model.thread.ChatThread;
import org.springframework.stereotype.Component;

/**
 * The one access check of REST, SUBSCRIBE and SEND (PROTOCOL.md §1, §14): a thread the user neither owns nor
 * is a member of is simply not found; a member who asks for what only the owner may do is forbidden, since
 * they can see the thread.
 */
@Component
class ThreadAccess implements ThreadOwnership {

    private final ThreadStore threads;

    ThreadAccess(ThreadStore threads) {
        this.threads = threads;
    }

    /** The thread as stored now, if the user owns it or is a member of it. */
    ChatThread requireParticipant(String threadId, String userId) {
        return threads.findParticipating(threadId, userId).orElseThrow(() -> ThreadlineException.notFound("Thread"));
    }

    /** The thread as stored now, if the user owns it; a member gets {@code 403}, anyone else {@code 404}. */
    ChatThread requireOwner(String threadId, String userId) {
        ChatThread thread = requireParticipant(threadId, userId);
        if (!thread.ownerId().equals(userId)) {
            throw ThreadlineException.forbidden("Only the thread's owner may do this");
        }
        return thread;
    }

    /** For authorizing frames and sends (cached); {@link #requireParticipant} returns the thread as stored now. */
    @Override
    public boolean isParticipant(String threadId, String userId) {
        return threads.isParticipant(threadId, userId);
    }

    void checkParticipant(String threadId, String userId) {
        if (!isParticipant(threadId, userId)) {
            throw ThreadlineException.notFound("Thread");
        }
    }
}

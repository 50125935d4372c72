package dev.threadline.gateway.thread;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.gateway.stomp.ThreadOwnership;
import dev.threadline.model.thread.ChatThread;
import org.springframework.stereotype.Component;

/** The one ownership check of REST, SUBSCRIBE and SEND: a thread of another user is simply not found. */
@Component
class ThreadAccess implements ThreadOwnership {

    private final ThreadStore threads;

    ThreadAccess(ThreadStore threads) {
        this.threads = threads;
    }

    ChatThread requireOwned(String threadId, String userId) {
        return threads.findOwned(threadId, userId).orElseThrow(() -> ThreadlineException.notFound("Thread"));
    }

    /** For authorizing frames and sends (cached); {@link #requireOwned} returns the thread as stored now. */
    @Override
    public boolean isOwned(String threadId, String userId) {
        return threads.isOwner(threadId, userId);
    }

    void checkOwned(String threadId, String userId) {
        if (!isOwned(threadId, userId)) {
            throw ThreadlineException.notFound("Thread");
        }
    }
}

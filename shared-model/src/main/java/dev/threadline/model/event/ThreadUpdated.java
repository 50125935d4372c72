package dev.threadline.model.event;

import java.time.Instant;

import dev.threadline.model.thread.ChatThread;

/** The thread as it is now, after a rename, pin, archive, tag change, branch switch or generated title (PROTOCOL.md §10, §11). */
public record ThreadUpdated(String threadId, Instant ts, ChatThread thread) implements ThreadEvent {
}

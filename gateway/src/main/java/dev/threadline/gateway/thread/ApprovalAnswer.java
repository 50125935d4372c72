package dev.threadline.gateway.thread;

import org.jspecify.annotations.Nullable;

/** The body answering a tool call that waits for approval (PROTOCOL.md §13), over REST and STOMP alike. */
record ApprovalAnswer(@Nullable String callId, @Nullable Boolean approved, @Nullable String reason) {
}

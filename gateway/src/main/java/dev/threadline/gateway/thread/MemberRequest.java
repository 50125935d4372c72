package dev.threadline.gateway.thread;

import org.jspecify.annotations.Nullable;

/** The body of {@code POST /api/threads/{id}/members} (PROTOCOL.md §14): the user id (token subject) to add. */
record MemberRequest(@Nullable String userId) {
}

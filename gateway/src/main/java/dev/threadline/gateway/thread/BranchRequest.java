package dev.threadline.gateway.thread;

import org.jspecify.annotations.Nullable;

/**
 * {@code PUT /api/threads/{id}/branch} (PROTOCOL.md §10). {@code latest} is Threadline's addition: the
 * branch shown becomes the latest continuation below {@code leafId}, what a ‹ 2/3 › control needs.
 */
record BranchRequest(@Nullable String leafId, @Nullable Boolean latest) {
}

package dev.threadline.common.tree;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One message's place in its thread's tree. A node that is not {@code stored} is an answer planned for a
 * run but not written (yet): its run is queued, or ended before its answer began.
 */
record TreeNode(String id, @Nullable String parentId, Instant createdAt, boolean stored) {
}

package dev.threadline.common.tree;

import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;

/** The fields of a stored message the tree is built from, read with a projection. */
record StoredNode(@Id String id, @Nullable String parentId, Instant createdAt) {
}

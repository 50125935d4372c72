package dev.threadline.gateway.thread;

import org.jspecify.annotations.Nullable;

/** The filters of {@code GET /api/threads} (PROTOCOL.md §11): archived or not, optionally pinned or not, optionally one tag. */
record ThreadFilter(boolean archived, @Nullable Boolean pinned, @Nullable String tag) {
}

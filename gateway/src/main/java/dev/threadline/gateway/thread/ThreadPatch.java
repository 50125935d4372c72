package dev.threadline.gateway.thread;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** {@code PATCH /api/threads/{id}} (PROTOCOL.md §11): only the members present change. */
record ThreadPatch(@Nullable String title, @Nullable Boolean pinned, @Nullable Boolean archived,
        @Nullable List<String> tags) {
}

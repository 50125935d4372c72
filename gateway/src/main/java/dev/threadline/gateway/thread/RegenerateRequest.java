package dev.threadline.gateway.thread;

import org.jspecify.annotations.Nullable;

/**
 * A regenerate (PROTOCOL.md §10): the answer to replace by a sibling, and optionally another assistant,
 * model or temperature. On REST the answer is in the path and {@code messageId} is left out.
 */
record RegenerateRequest(@Nullable String messageId, @Nullable String assistant, @Nullable String model,
        @Nullable Double temperature) {

    static final RegenerateRequest SAME = new RegenerateRequest(null, null, null, null);
}

package dev.threadline.gateway.thread;

import org.jspecify.annotations.Nullable;

public record CreateThreadRequest(@Nullable String title, @Nullable String assistant) {
}

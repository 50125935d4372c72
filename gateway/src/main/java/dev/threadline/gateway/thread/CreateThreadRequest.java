package dev.threadline.gateway.thread;

import org.jspecify.annotations.Nullable;

record CreateThreadRequest(@Nullable String title, @Nullable String assistant) {
}

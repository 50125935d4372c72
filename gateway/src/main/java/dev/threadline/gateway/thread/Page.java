package dev.threadline.gateway.thread;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One page of a newest-first listing; {@code next} is the id to pass as {@code before} for the following page. */
record Page<T>(List<T> items, @Nullable String next) {
}

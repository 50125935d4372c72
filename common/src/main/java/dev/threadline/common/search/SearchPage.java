package dev.threadline.common.search;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** A page of hits, best first; {@code next} is the cursor to pass as {@code before} for the next page, null at the end. */
public record SearchPage(List<SearchHit> items, @Nullable String next) {
}

/**
 * Full-text search of a user's own thread titles and messages (PROTOCOL.md §11), on any MongoDB-wire
 * store: one entry per title and per message in {@code search_entries}, holding its normalised words,
 * found through one compound multikey index.
 */
@NullMarked
package dev.threadline.common.search;

import org.jspecify.annotations.NullMarked;

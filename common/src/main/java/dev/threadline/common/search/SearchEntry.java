package dev.threadline.common.search;

import java.time.Instant;
import java.util.List;

import dev.threadline.model.message.Role;
import org.jspecify.annotations.Nullable;

/**
 * One searchable text of a user, as stored in {@value #COLLECTION}: a thread's title ({@code id}
 * {@code "title-" + threadId}, rank {@value #TITLE_RANK}) or a message ({@code id} the message's,
 * rank {@value #MESSAGE_RANK}), with its distinct normalised words ({@link SearchTerms}). Owned by
 * {@link SearchIndex}, the only class that writes it.
 */
public record SearchEntry(String id, String ownerId, String threadId, @Nullable String messageId, @Nullable Role role,
        int rank, List<String> terms, Instant createdAt) {

    public static final String COLLECTION = "search_entries";

    static final int TITLE_RANK = 0;
    static final int MESSAGE_RANK = 1;
    static final String TITLE_PREFIX = "title-";

    public SearchEntry {
        terms = List.copyOf(terms);
    }

    static String titleId(String threadId) {
        return TITLE_PREFIX + threadId;
    }
}

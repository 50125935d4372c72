package dev.threadline.common.search;

import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A validated search: its distinct words, longest first (the likeliest rare, so the one an index scan is
 * best bounded by), the page size and where the previous page ended. No words (the text had only
 * punctuation) is a valid search that finds nothing.
 */
public record SearchQuery(List<String> words, int limit, @Nullable SearchCursor after) {

    public static final int MAX_QUERY_CHARS = 500;
    public static final int MAX_WORDS = 16;
    public static final int MAX_LIMIT = 50;

    public SearchQuery {
        if (words.size() > MAX_WORDS) {
            throw new InvalidSearchException("q must have at most " + MAX_WORDS + " distinct words");
        }
        if (words.stream().anyMatch(word -> !SearchTerms.of(word).equals(List.of(word)))) {
            throw new InvalidSearchException("every word of a search must be a normalised search term");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidSearchException("limit must be between 1 and " + MAX_LIMIT);
        }
        words = words.stream().distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** The search a request asks for; an {@link InvalidSearchException} says what is wrong with it. */
    public static SearchQuery parse(@Nullable String text, int limit, @Nullable String before) {
        if (text == null || text.isBlank()) {
            throw new InvalidSearchException("q is required");
        }
        if (text.length() > MAX_QUERY_CHARS) {
            throw new InvalidSearchException("q must be at most " + MAX_QUERY_CHARS + " characters");
        }
        return new SearchQuery(SearchTerms.of(text), limit, before == null ? null : SearchCursor.decode(before));
    }
}

package dev.threadline.common.search;

import java.util.Collection;

/**
 * The part of a message shown with a hit: about {@value #LENGTH} characters around the first word of the
 * query it contains (found in folded form, so accents and case do not matter, and cut from the original
 * text), on word boundaries where one is near, with "…" where the message goes on.
 */
final class Snippets {

    static final int LENGTH = 160;
    /** How much of the window comes before the word found. */
    private static final int BEFORE = 50;
    /** How far a cut end may move to fall between words instead of inside one. */
    private static final int SNAP = 15;
    private static final String ELLIPSIS = "…";

    private Snippets() {
    }

    static String around(String content, Collection<String> words) {
        int[] found = { 0 };
        SearchTerms.scan(content, (term, start, end) -> {
            if (words.contains(term)) {
                found[0] = start;
                return false;
            }
            return true;
        });
        int start = Math.max(0, found[0] - BEFORE);
        int end = Math.min(content.length(), start + LENGTH);
        start = Math.max(0, end - LENGTH);
        if (start > 0) {
            start = snapForward(content, start, found[0]);
        }
        if (end < content.length()) {
            end = snapBack(content, end, start);
        }
        String window = content.substring(start, end).replaceAll("\\s+", " ").strip();
        return (start > 0 ? ELLIPSIS : "") + window + (end < content.length() ? ELLIPSIS : "");
    }

    /** A start that begins a word (not after the word found), never the second half of a surrogate pair. */
    private static int snapForward(String content, int start, int limit) {
        for (int i = start; i < Math.min(limit, start + SNAP); i++) {
            if (Character.isWhitespace(content.charAt(i))) {
                return i + 1;
            }
        }
        return Character.isLowSurrogate(content.charAt(start)) ? start + 1 : start;
    }

    /** An end that closes a word, never between the halves of a surrogate pair. */
    private static int snapBack(String content, int end, int start) {
        for (int i = end; i > Math.max(start, end - SNAP); i--) {
            if (Character.isWhitespace(content.charAt(i))) {
                return i;
            }
        }
        return Character.isHighSurrogate(content.charAt(end - 1)) ? end - 1 : end;
    }
}

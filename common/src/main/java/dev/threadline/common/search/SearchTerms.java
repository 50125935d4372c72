package dev.threadline.common.search;

import java.text.Normalizer;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words of a text as search stores and matches them: runs of letters and digits, each folded to
 * compatibility-decomposed form (NFKD) without combining marks and lower-cased ({@link Locale#ROOT}), so
 * "CAFÉ", "Café" and "cafe" are one word; cut at {@value #MAX_WORD_LENGTH} code points. Anything else
 * (punctuation, operators, regex metacharacters, spaces) only separates words.
 */
public final class SearchTerms {

    public static final int MAX_WORD_LENGTH = 64;
    public static final int MAX_DOCUMENT_TERMS = 2_000;

    private SearchTerms() {
    }

    /** The distinct words of the text in the order they first appear, at most {@value #MAX_DOCUMENT_TERMS}. */
    public static List<String> of(String text) {
        Set<String> terms = new LinkedHashSet<>();
        scan(text, (term, start, end) -> terms.add(term) ? terms.size() < MAX_DOCUMENT_TERMS : true);
        return List.copyOf(terms);
    }

    /** Receives each word of a text with where it lies in the original text; false stops the scan. */
    @FunctionalInterface
    interface WordVisitor {
        boolean visit(String term, int start, int end);
    }

    /**
     * Walks the text's words in order. {@code start} and {@code end} are char offsets in the original text,
     * so a caller can cut the original around a word it found in folded form.
     */
    static void scan(String text, WordVisitor visitor) {
        StringBuilder word = new StringBuilder();
        int length = 0;
        int start = -1;
        int end = -1;
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            int next = i + Character.charCount(codePoint);
            String folded = fold(codePoint);
            for (int j = 0; j < folded.length(); ) {
                int c = folded.codePointAt(j);
                j += Character.charCount(c);
                if (Character.isLetterOrDigit(c)) {
                    if (start < 0) {
                        start = i;
                    }
                    if (length < MAX_WORD_LENGTH) {
                        word.appendCodePoint(c);
                        length++;
                    }
                    end = next;
                }
                else if (start >= 0) {
                    if (!visitor.visit(word.toString(), start, end)) {
                        return;
                    }
                    word.setLength(0);
                    length = 0;
                    start = -1;
                }
            }
            i = next;
        }
        if (start >= 0) {
            visitor.visit(word.toString(), start, end);
        }
    }

    /** One code point as it is compared: decomposed, without combining marks, lower case. */
    private static String fold(int codePoint) {
        if (codePoint < 0x80) {
            return String.valueOf((char) Character.toLowerCase(codePoint));
        }
        String decomposed = Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFKD);
        StringBuilder folded = new StringBuilder(decomposed.length());
        decomposed.codePoints().filter(c -> !isMark(c)).forEach(folded::appendCodePoint);
        return folded.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean isMark(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                || type == Character.ENCLOSING_MARK;
    }
}

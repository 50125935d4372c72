package dev.threadline.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Text with the word frequencies of natural language (Zipf's law over a vocabulary of made-up words, a
 * few of them accented): a handful of words in almost every message, most words in a few. Seeded, so
 * every run stores the same text.
 */
final class SearchCorpus {

    static final int VOCABULARY = 30_000;
    private static final String[] SYLLABLES = { "ka", "lo", "mi", "ne", "ru", "ta", "shi", "vo", "de", "pa", "zu",
            "ri", "en", "or", "al", "bé", "qui", "tor", "sa", "mé", "gu", "lin", "fa", "ho", "ny", "xe", "pré", "ul" };

    private final Random random;
    private final List<String> words;
    private final double[] cumulative;

    SearchCorpus(long seed) {
        random = new Random(seed);
        Set<String> distinct = new LinkedHashSet<>();
        while (distinct.size() < VOCABULARY) {
            StringBuilder word = new StringBuilder();
            for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
            }
            distinct.add(word.toString());
        }
        words = new ArrayList<>(distinct);
        cumulative = new double[VOCABULARY];
        double sum = 0;
        for (int rank = 0; rank < VOCABULARY; rank++) {
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < VOCABULARY; rank++) {
            cumulative[rank] /= sum;
        }
    }

    /** The word of this frequency rank (0: the most frequent). */
    String word(int rank) {
        return words.get(rank);
    }

    /** Between {@code min} and {@code max} words drawn by frequency, with punctuation and capitals here and there. */
    String text(int min, int max) {
        int count = min + random.nextInt(max - min + 1);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            String word = sample();
            if (i % 12 == 0) {
                word = Character.toUpperCase(word.charAt(0)) + word.substring(1);
            }
            text.append(word).append(i % 9 == 8 ? ". " : i % 5 == 4 ? ", " : " ");
        }
        return text.toString().strip();
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    private String sample() {
        int rank = Arrays.binarySearch(cumulative, random.nextDouble());
        return words.get(Math.min(VOCABULARY - 1, rank < 0 ? -rank - 1 : rank));
    }
}

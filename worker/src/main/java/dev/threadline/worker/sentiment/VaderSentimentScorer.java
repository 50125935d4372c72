package dev.threadline.worker.sentiment;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import com.vader.sentiment.analyzer.SentimentAnalyzer;
import dev.threadline.model.message.Sentiment;
import org.springframework.stereotype.Component;

/**
 * VADER, the lexicon and rule-based scorer, applied piece by piece and averaged, as its authors advise
 * for texts longer than a sentence. VADER's work grows with the square of a piece's words, so a piece is
 * a sentence of at most {@value #MAX_WORDS} words (longer ones — lists, code, unpunctuated text — are
 * cut into windows of that size); of the first {@value #MAX_PIECES} pieces, {@value #SCORED_PIECES}
 * spread evenly over them are scored: an answer of any length costs about a millisecond (it ran at every
 * run's end and was a third of the worker's CPU under load). The label uses VADER's usual thresholds of ±0.05.
 */
@Component
class VaderSentimentScorer implements SentimentScorer {

    static final int MAX_WORDS = 25;
    static final int MAX_PIECES = 200;
    static final int SCORED_PIECES = 12;
    private static final double NEUTRAL_BAND = 0.05;

    @Override
    public Sentiment score(String text) {
        List<String> pieces = spread(pieces(text));
        double sum = 0;
        for (String piece : pieces) {
            sum += compound(piece);
        }
        double score = pieces.isEmpty() ? 0 : Math.round(sum / pieces.size() * 1000) / 1000.0;
        return new Sentiment(score, score >= NEUTRAL_BAND ? "positive" : score <= -NEUTRAL_BAND ? "negative" : "neutral");
    }

    static List<String> pieces(String text) {
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        sentences.setText(text);
        List<String> pieces = new ArrayList<>();
        for (int start = sentences.first(), end = sentences.next(); end != BreakIterator.DONE
                && pieces.size() < MAX_PIECES; start = end, end = sentences.next()) {
            String[] words = text.substring(start, end).strip().split("\\s+");
            for (int from = 0; from < words.length && pieces.size() < MAX_PIECES; from += MAX_WORDS) {
                String piece = String.join(" ", Arrays.copyOfRange(words, from, Math.min(words.length, from + MAX_WORDS)));
                if (!piece.isBlank()) {
                    pieces.add(piece);
                }
            }
        }
        return pieces;
    }

    /** At most {@value #SCORED_PIECES} of the pieces, evenly spaced from the first to the last. */
    static List<String> spread(List<String> pieces) {
        if (pieces.size() <= SCORED_PIECES) {
            return pieces;
        }
        List<String> spread = new ArrayList<>(SCORED_PIECES);
        for (int i = 0; i < SCORED_PIECES; i++) {
            spread.add(pieces.get((int) ((long) i * (pieces.size() - 1) / (SCORED_PIECES - 1))));
        }
        return spread;
    }

    private static double compound(String piece) {
        try {
            SentimentAnalyzer analyzer = new SentimentAnalyzer(piece);
            analyzer.analyze();
            return analyzer.getPolarity().getOrDefault("compound", 0f);
        }
        catch (IOException | RuntimeException unscorable) {
            return 0;
        }
    }
}

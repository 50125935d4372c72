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
 * cut into windows of that size), and only the first {@value #MAX_PIECES} pieces count: an answer of any
 * length costs at most a few milliseconds. The label uses VADER's usual thresholds of ±0.05.
 */
@Component
class VaderSentimentScorer implements SentimentScorer {

    static final int MAX_WORDS = 40;
    static final int MAX_PIECES = 200;
    private static final double NEUTRAL_BAND = 0.05;

    @Override
    public Sentiment score(String text) {
        List<String> pieces = pieces(text);
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

package dev.threadline.worker.sentiment;

import java.io.IOException;
import java.text.BreakIterator;
import java.util.Locale;

import com.vader.sentiment.analyzer.SentimentAnalyzer;
import dev.threadline.model.message.Sentiment;
import org.springframework.stereotype.Component;

/**
 * VADER, the lexicon and rule-based scorer, applied sentence by sentence and averaged, as its authors
 * advise for texts longer than a sentence. Scoring a whole answer at once grows faster than its length
 * (a second for 20,000 characters); per sentence it is linear, and only the first
 * {@value #MAX_SENTENCES} sentences count. The label uses VADER's usual thresholds of ±0.05.
 */
@Component
class VaderSentimentScorer implements SentimentScorer {

    static final int MAX_SENTENCES = 200;
    private static final double NEUTRAL_BAND = 0.05;

    @Override
    public Sentiment score(String text) {
        BreakIterator sentences = BreakIterator.getSentenceInstance(Locale.ENGLISH);
        sentences.setText(text);
        double sum = 0;
        int scored = 0;
        for (int start = sentences.first(), end = sentences.next(); end != BreakIterator.DONE
                && scored < MAX_SENTENCES; start = end, end = sentences.next()) {
            String sentence = text.substring(start, end).strip();
            if (!sentence.isEmpty()) {
                sum += compound(sentence);
                scored++;
            }
        }
        double score = scored == 0 ? 0 : Math.round(sum / scored * 1000) / 1000.0;
        return new Sentiment(score, score >= NEUTRAL_BAND ? "positive" : score <= -NEUTRAL_BAND ? "negative" : "neutral");
    }

    private static double compound(String sentence) {
        try {
            SentimentAnalyzer analyzer = new SentimentAnalyzer(sentence);
            analyzer.analyze();
            return analyzer.getPolarity().getOrDefault("compound", 0f);
        }
        catch (IOException | RuntimeException unscorable) {
            return 0;
        }
    }
}

package dev.threadline.worker.sentiment;

import java.util.Collections;
import java.util.List;

import dev.threadline.model.message.Sentiment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VaderSentimentScorerTests {

    private final VaderSentimentScorer scorer = new VaderSentimentScorer();

    @Test
    void labelsPositiveNegativeAndNeutralAnswers() {
        Sentiment positive = scorer.score("You will look great in that navy blazer! I love the idea.");
        Sentiment negative = scorer.score("That is a terrible choice. I hate how it fits and it looks awful.");
        Sentiment neutral = scorer.score("The forecast for Oslo is 4 degrees. Wool trousers are an option.");

        assertThat(positive.label()).isEqualTo("positive");
        assertThat(positive.score()).isGreaterThan(0.5);
        assertThat(negative.label()).isEqualTo("negative");
        assertThat(negative.score()).isLessThan(-0.5);
        assertThat(neutral.label()).isEqualTo("neutral");
        assertThat(neutral.score()).isBetween(-0.05, 0.05);
    }

    @Test
    void averagesSentencesSoAMixedAnswerLandsBetween() {
        double mixed = scorer.score("I love this jacket. I hate these shoes.").score();

        assertThat(mixed).isBetween(-0.5, 0.5);
    }

    @Test
    void emptyTextIsNeutralAndScoresStayInRange() {
        assertThat(scorer.score("")).isEqualTo(new Sentiment(0, "neutral"));
        assertThat(scorer.score("!!!! :) :) :) BEST BEST BEST").score()).isBetween(-1.0, 1.0);
    }

    @Test
    void longSentencesAndUnpunctuatedTextAreCutIntoBoundedPieces() {
        String unpunctuated = String.join(" ", Collections.nCopies(10_000, "great"));

        List<String> pieces = VaderSentimentScorer.pieces(unpunctuated);

        assertThat(pieces).hasSize(VaderSentimentScorer.MAX_PIECES);
        assertThat(pieces).allSatisfy(piece -> assertThat(piece.split(" ")).hasSize(VaderSentimentScorer.MAX_WORDS));
        assertThat(scorer.score(unpunctuated).label()).isEqualTo("positive");
        assertThat(VaderSentimentScorer.pieces("Short one. And another!")).containsExactly("Short one.", "And another!");
    }

    @Test
    void aVeryLongAnswerIsScoredFromItsFirstSentencesOnly() {
        String text = String.join(" ", Collections.nCopies(5_000, "A navy blazer is a good choice."));

        assertThat(scorer.score(text).label()).isEqualTo("positive");
    }

    @Test
    void aLongAnswerIsScoredFromPiecesSpreadOverItNotFromItsOpeningAlone() {
        String text = String.join(" ", Collections.nCopies(100, "That coat is awful and I hate it."))
                + " " + String.join(" ", Collections.nCopies(100, "This suit is wonderful and I love it."));

        List<String> scored = VaderSentimentScorer.spread(VaderSentimentScorer.pieces(text));

        assertThat(scored).hasSize(VaderSentimentScorer.SCORED_PIECES).first().asString().contains("awful");
        assertThat(scored.getLast()).contains("wonderful");
        assertThat(scorer.score(text).score()).isBetween(-0.5, 0.5);
    }
}

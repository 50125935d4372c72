package dev.threadline.worker.title;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FirstWordsTests {

    @Test
    void aShortQuestionIsItsOwnTitle() {
        assertThat(FirstWords.of("  Navy or grey?  ")).isEqualTo("Navy or grey?");
    }

    @Test
    void aLongQuestionIsCutAfterSixWords() {
        assertThat(FirstWords.of("What should I wear to a garden wedding in June?"))
                .isEqualTo("What should I wear to a…");
    }

    @Test
    void oneEndlessWordIsCutAtSixtyCharacters() {
        assertThat(FirstWords.of("x".repeat(500))).isEqualTo("x".repeat(60) + "…");
    }

    @Test
    void aModelsAnswerLosesQuotesMarkdownAndItsFullStop() {
        assertThat(FirstWords.clean("\"Garden wedding outfit.\"\nSome explanation")).isEqualTo("Garden wedding outfit");
        assertThat(FirstWords.clean("**Interview look**")).isEqualTo("Interview look");
        assertThat(FirstWords.clean("   ")).isEmpty();
    }
}

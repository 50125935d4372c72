package dev.threadline.common.search;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SnippetsTests {

    private static final String FILLER = "lorem ipsum dolor sit amet ".repeat(20);

    @Test
    void aShortMessageIsShownWhole() {
        assertThat(Snippets.around("Where is the café?", List.of("cafe"))).isEqualTo("Where is the café?");
    }

    @Test
    void aLongMessageIsCutAroundTheFirstWordFoundWithEllipses() {
        String content = FILLER + "I met her at the CAFÉ near the station " + FILLER + " and a cafe again";

        String snippet = Snippets.around(content, List.of("station", "cafe"));

        assertThat(snippet).startsWith("…").endsWith("…").contains("at the CAFÉ near the station");
        assertThat(snippet.length()).isBetween(Snippets.LENGTH - 20, Snippets.LENGTH + 2);
        assertThat(content).contains(snippet.substring(1, snippet.length() - 1));
    }

    @Test
    void cutsFallBetweenWordsAndWhitespaceIsFolded() {
        String content = FILLER + "the\n\nkey\tword " + FILLER;

        String snippet = Snippets.around(content, List.of("key"));

        assertThat(snippet).contains("the key word");
        assertThat(snippet.substring(1, snippet.length() - 1).strip().split(" "))
                .allMatch(word -> List.of("lorem", "ipsum", "dolor", "sit", "amet", "the", "key", "word").contains(word));
    }

    @Test
    void aMessageWithoutTheWordsShowsItsBeginning() {
        assertThat(Snippets.around(FILLER, List.of("absent"))).startsWith("lorem ipsum").endsWith("…");
    }

    @Test
    void surrogatePairsAreNeverCut() {
        String content = "😀".repeat(200) + " needle " + "😀".repeat(200);

        String snippet = Snippets.around(content, List.of("needle"));

        assertThat(snippet).contains("needle");
        assertThat(snippet.codePoints().boxed()).noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }
}

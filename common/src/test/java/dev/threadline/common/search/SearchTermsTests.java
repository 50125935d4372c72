package dev.threadline.common.search;

import java.text.Normalizer;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SearchTermsTests {

    @Test
    void wordsAreRunsOfLettersAndDigitsInLowerCase() {
        assertThat(SearchTerms.of("Hello, World! GPT4 in 2024: (a+b)*c_d")).containsExactly("hello", "world", "gpt4",
                "in", "2024", "a", "b", "c", "d");
    }

    @Test
    void accentsAndCaseDoNotMatterWhateverTheUnicodeForm() {
        String decomposed = Normalizer.normalize("Café", Normalizer.Form.NFD);

        assertThat(SearchTerms.of("CAFÉ café cafe " + decomposed)).containsExactly("cafe");
        assertThat(SearchTerms.of("Crème BRÛLÉE, naïve Ångström, İstanbul, Ωμέγα")).containsExactly("creme", "brulee",
                "naive", "angstrom", "istanbul", "ωμεγα");
    }

    @Test
    void compatibilityFormsFoldToTheirPlainLetters() {
        assertThat(SearchTerms.of("ﬁle ＦＵＬＬ x² 𝒜bc")).containsExactly("file", "full", "x2", "abc");
    }

    @Test
    void lettersOfOtherScriptsAreWordsAndSymbolsAreNot() {
        assertThat(SearchTerms.of("Привет, мир! 😀 ok ✓ → done")).containsExactly("привет", "мир", "ok", "done");
    }

    @Test
    void operatorsAndRegexMetacharactersOnlySeparateWords() {
        assertThat(SearchTerms.of("{\"$where\": \"sleep(1000)\"} {\"$gt\":\"\"} .* ^(a+)+$ \\d{3} [^x]"))
                .containsExactly("where", "sleep", "1000", "gt", "a", "d", "3", "x");
        assertThat(SearchTerms.of(".* $ ^ | ( ) [ ] { } ? + \\ / ' \" ; -- \u0000")).isEmpty();
    }

    @Test
    void aWordIsCutAtSixtyFourCharacters() {
        assertThat(SearchTerms.of("x".repeat(100) + " short")).containsExactly("x".repeat(64), "short");
        assertThat(SearchTerms.of("é".repeat(70))).containsExactly("e".repeat(64));
    }

    @Test
    void wordsAreDistinctInOrderOfFirstAppearanceAndAtMostTwoThousand() {
        String text = IntStream.range(0, 3_000).mapToObj(i -> "w" + i + " W" + i).reduce((a, b) -> a + " " + b).orElseThrow();

        List<String> terms = SearchTerms.of(text);

        assertThat(SearchTerms.of("b a B c A b")).containsExactly("b", "a", "c");
        assertThat(terms).hasSize(SearchTerms.MAX_DOCUMENT_TERMS).startsWith("w0", "w1").endsWith("w1999");
    }

    @Test
    void scanReportsWhereEachWordLiesInTheOriginalText() {
        List<String> found = new java.util.ArrayList<>();
        String text = "Le  CAFÉ, s'il vous plaît";

        SearchTerms.scan(text, (term, start, end) -> found.add(term + "=" + text.substring(start, end)));

        assertThat(found).containsExactly("le=Le", "cafe=CAFÉ", "s=s", "il=il", "vous=vous", "plait=plaît");
    }
}

package dev.threadline.common.search;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import dev.threadline.common.Ids;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SearchQueryTests {

    @Test
    void wordsAreDistinctAndLongestFirst() {
        assertThat(SearchQuery.parse("a Linen shirt LINEN", 20, null).words()).containsExactly("linen", "shirt", "a");
    }

    @Test
    void aQueryWithoutWordsIsValidAndEmpty() {
        assertThat(SearchQuery.parse(".* $ ^()", 20, null).words()).isEmpty();
    }

    @Test
    void blankTooLongTooManyWordsAndBadLimitsAreRefused() {
        String seventeen = String.join(" ", Stream.iterate("w", w -> w + "w").limit(17).toList());

        assertThatThrownBy(() -> SearchQuery.parse(null, 20, null)).isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> SearchQuery.parse(" \t\n", 20, null)).hasMessage("q is required");
        assertThatThrownBy(() -> SearchQuery.parse("x".repeat(501), 20, null)).hasMessageContaining("500");
        assertThatThrownBy(() -> SearchQuery.parse(seventeen, 20, null)).hasMessageContaining("16");
        assertThatThrownBy(() -> SearchQuery.parse("ok", 0, null)).hasMessageContaining("limit");
        assertThatThrownBy(() -> SearchQuery.parse("ok", 51, null)).hasMessageContaining("limit");
        assertThat(SearchQuery.parse("x".repeat(500), 50, null).words()).containsExactly("x".repeat(64));
        assertThat(SearchQuery.parse(seventeen.substring(0, seventeen.lastIndexOf(' ')), 1, null).words()).hasSize(16);
    }

    @Test
    void wordsThatAreNotSearchTermsAreRefused() {
        assertThatThrownBy(() -> new SearchQuery(List.of("Café"), 20, null)).isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> new SearchQuery(List.of("$gt"), 20, null)).isInstanceOf(InvalidSearchException.class);
    }

    @Test
    void aCursorComesBackAsItWasHandedOut() {
        SearchCursor message = new SearchCursor(1, Instant.ofEpochMilli(1_700_000_000_123L), Ids.newId());
        SearchCursor title = new SearchCursor(0, Instant.ofEpochMilli(5), "title-" + Ids.newId());

        assertThat(SearchQuery.parse("x", 20, message.encode()).after()).isEqualTo(message);
        assertThat(SearchQuery.parse("x", 20, title.encode()).after()).isEqualTo(title);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "not base64!", "{\"$gt\":\"\"}", ".*", "MXwxfHg", "Mnw1fDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA",
            "MHw1fDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMA", "000000000000000000000000" })
    void anythingElseAsACursorIsRefused(String before) {
        assertThatThrownBy(() -> SearchQuery.parse("x", 20, before)).isInstanceOf(InvalidSearchException.class)
                .hasMessageContaining("before");
    }

    @Test
    void aForgedCursorOfTheRightShapeButAnOperatorIdIsRefused() {
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("1|5|{\"$ne\":null}".getBytes());
        String huge = Base64.getUrlEncoder().withoutPadding().encodeToString(("1|5|" + "a".repeat(200)).getBytes());

        assertThatThrownBy(() -> SearchQuery.parse("x", 20, forged)).isInstanceOf(InvalidSearchException.class);
        assertThatThrownBy(() -> SearchQuery.parse("x", 20, huge)).isInstanceOf(InvalidSearchException.class);
    }
}

package dev.threadline.gateway.search;

import dev.threadline.common.search.InvalidSearchException;
import dev.threadline.common.search.SearchIndex;
import dev.threadline.common.search.SearchPage;
import dev.threadline.common.search.SearchQuery;
import dev.threadline.gateway.error.ThreadlineException;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/search} (PROTOCOL.md §11): the caller's own titles and messages holding every word of {@code q}. */
@RestController
class SearchController {

    private final SearchIndex index;

    SearchController(SearchIndex index) {
        this.index = index;
    }

    @GetMapping("/api/search")
    SearchPage search(@AuthenticationPrincipal Jwt user, @RequestParam(required = false) @Nullable String q,
            @RequestParam(defaultValue = "20") int limit, @RequestParam(required = false) @Nullable String before) {
        SearchQuery query;
        try {
            query = SearchQuery.parse(q, limit, before);
        }
        catch (InvalidSearchException invalid) {
            throw ThreadlineException.validation(invalid.getMessage());
        }
        return index.search(user.getSubject(), query);
    }
}

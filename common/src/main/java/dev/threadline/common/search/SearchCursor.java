package dev.threadline.common.search;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import dev.threadline.common.Ids;

/**
 * Where a page of hits ended: the sort key of its last entry ({@code rank}, {@code createdAt}, {@code _id}),
 * handed to the client as an opaque base64url string. A string this search did not hand out is refused.
 */
public record SearchCursor(int rank, Instant createdAt, String id) {

    private static final int MAX_ENCODED_LENGTH = 128;

    static SearchCursor after(SearchEntry entry) {
        return new SearchCursor(entry.rank(), entry.createdAt(), entry.id());
    }

    String encode() {
        String plain = rank + "|" + createdAt.toEpochMilli() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }

    static SearchCursor decode(String encoded) {
        if (encoded.length() > MAX_ENCODED_LENGTH) {
            throw refused();
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\\|", -1);
        }
        catch (IllegalArgumentException notBase64) {
            throw refused();
        }
        if (parts.length != 3 || !(parts[0].equals("0") || parts[0].equals("1")) || !parts[1].matches("\\d{1,15}")) {
            throw refused();
        }
        int rank = Integer.parseInt(parts[0]);
        String id = parts[2];
        boolean wellFormed = rank == SearchEntry.TITLE_RANK
                ? id.startsWith(SearchEntry.TITLE_PREFIX) && Ids.isValid(id.substring(SearchEntry.TITLE_PREFIX.length()))
                : Ids.isValid(id);
        if (!wellFormed) {
            throw refused();
        }
        return new SearchCursor(rank, Instant.ofEpochMilli(Long.parseLong(parts[1])), id);
    }

    private static InvalidSearchException refused() {
        return new InvalidSearchException("before must be the next cursor of an earlier search");
    }
}

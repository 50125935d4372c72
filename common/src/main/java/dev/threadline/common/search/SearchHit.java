package dev.threadline.common.search;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.threadline.model.message.Role;
import org.jspecify.annotations.Nullable;

/**
 * One item of a search answer (PROTOCOL.md §11): a title hit has no {@code messageId} nor {@code role},
 * and its snippet is the title; a message hit's snippet is the text around the first word found.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SearchHit(String threadId, @Nullable String messageId, String title, String snippet, @Nullable Role role,
        Instant createdAt) {
}

package dev.threadline.model.wardrobe;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** One garment a user owns, in the {@value #COLLECTION} collection; {@code userId} is the owner's token subject. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WardrobeItem(String id, @JsonIgnore String userId, String name, String category, @Nullable String color,
        @Nullable String description, Instant createdAt) {

    public static final String COLLECTION = "wardrobe_items";
}

package dev.threadline.gateway.wardrobe;

import org.jspecify.annotations.Nullable;

record WardrobeItemRequest(@Nullable String name, @Nullable String category, @Nullable String color,
        @Nullable String description) {
}

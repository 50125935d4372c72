package dev.threadline.gateway.assistant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An entry of {@code GET /api/models}. */
record ModelOption(String id, @JsonProperty("default") boolean isDefault) {
}

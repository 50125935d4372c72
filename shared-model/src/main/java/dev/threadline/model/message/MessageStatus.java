package dev.threadline.model.message;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum MessageStatus {
    @JsonProperty("complete") COMPLETE,
    @JsonProperty("in_progress") IN_PROGRESS,
    @JsonProperty("failed") FAILED,
    @JsonProperty("cancelled") CANCELLED
}

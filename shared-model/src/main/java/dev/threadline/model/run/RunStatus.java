package dev.threadline.model.run;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The states of a run (PROTOCOL.md §5, §13); {@code RunLifecycle} in the common module makes every change.
 * {@code AWAITING_APPROVAL} is a run paused for a person: it holds no worker, and it still holds its thread's turn.
 */
public enum RunStatus {
    @JsonProperty("queued") QUEUED,
    @JsonProperty("running") RUNNING,
    @JsonProperty("awaiting_approval") AWAITING_APPROVAL,
    @JsonProperty("completed") COMPLETED,
    @JsonProperty("failed") FAILED,
    @JsonProperty("cancelled") CANCELLED;

    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}

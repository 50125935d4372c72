package dev.threadline.model.event;

import com.fasterxml.jackson.annotation.JsonIgnore;
import org.jspecify.annotations.Nullable;

/**
 * An event a worker publishes for a run, from {@code run.started} to its terminal event: it carries the
 * run's {@code attempt} and a gap-free {@code seq} per attempt. {@code message.created} of a user message
 * is published by the gateway and has neither.
 */
public sealed interface RunEvent extends ThreadEvent
        permits MessageCreated, RunStarted, MessageDelta, AssistantConsulted, ToolCalled, ToolResulted, ToolApprovalRequested, ToolApprovalResolved,
        RunCompleted, RunFailed, RunCancelled {

    @Nullable String runId();

    @Nullable Integer attempt();

    @Nullable Long seq();

    @JsonIgnore
    default boolean isTerminal() {
        return this instanceof RunCompleted || this instanceof RunFailed || this instanceof RunCancelled;
    }
}

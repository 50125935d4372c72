package dev.threadline.model.event;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * An event on {@code /topic/threads/{threadId}} (PROTOCOL.md §5). The JSON {@code type} member names
 * the record; members that are null are left out.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MessageCreated.class, name = "message.created"),
        @JsonSubTypes.Type(value = RunQueued.class, name = "run.queued"),
        @JsonSubTypes.Type(value = RunStarted.class, name = "run.started"),
        @JsonSubTypes.Type(value = MessageDelta.class, name = "message.delta"),
        @JsonSubTypes.Type(value = AssistantConsulted.class, name = "assistant.consulted"),
        @JsonSubTypes.Type(value = ToolCalled.class, name = "tool.call"),
        @JsonSubTypes.Type(value = ToolResulted.class, name = "tool.result"),
        @JsonSubTypes.Type(value = ToolApprovalRequested.class, name = "tool.approval_requested"),
        @JsonSubTypes.Type(value = ToolApprovalResolved.class, name = "tool.approval_resolved"),
        @JsonSubTypes.Type(value = RunCompleted.class, name = "run.completed"),
        @JsonSubTypes.Type(value = RunFailed.class, name = "run.failed"),
        @JsonSubTypes.Type(value = RunCancelled.class, name = "run.cancelled"),
        @JsonSubTypes.Type(value = FeedbackRecorded.class, name = "feedback.recorded"),
        @JsonSubTypes.Type(value = Typing.class, name = "typing"),
        @JsonSubTypes.Type(value = ThreadUpdated.class, name = "thread.updated"),
        @JsonSubTypes.Type(value = Presence.class, name = "presence") })
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ThreadEvent permits RunEvent, RunQueued, FeedbackRecorded, Typing, ThreadUpdated, Presence {

    String threadId();

    Instant ts();
}

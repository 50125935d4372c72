package dev.threadline.worker.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.threadline.model.event.AssistantConsulted;
import dev.threadline.model.event.MessageCreated;
import dev.threadline.model.event.MessageDelta;
import dev.threadline.model.event.RunCancelled;
import dev.threadline.model.event.RunCompleted;
import dev.threadline.model.event.RunError;
import dev.threadline.model.event.RunEvent;
import dev.threadline.model.event.RunFailed;
import dev.threadline.model.event.RunMetrics;
import dev.threadline.model.event.RunStarted;
import dev.threadline.model.event.ToolApprovalRequested;
import dev.threadline.model.event.ToolApprovalResolved;
import dev.threadline.model.event.ToolCalled;
import dev.threadline.model.event.ToolResulted;
import dev.threadline.model.usage.ContextUsage;
import dev.threadline.model.usage.Usage;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.run.ApprovalDecision;
import dev.threadline.model.run.PendingApproval;
import dev.threadline.model.run.Run;
import dev.threadline.worker.assistant.RunSession;
import org.jspecify.annotations.Nullable;

/**
 * The events of one attempt of a run, numbered with a gap-free {@code seq} in publishing order. Also
 * tracks the text published so far, so a checkpoint always stores content and {@code lastSeq} that match.
 * The assistants' consultations and tool calls arrive here as the run session's listener.
 */
final class RunEvents implements RunSession.Listener {

    private final Run run;
    private final String assistant;
    private final Sink publisher;
    private final StringBuilder published = new StringBuilder();
    private long seq;
    private long lastDeltaSeq;

    RunEvents(Run run, String assistant, Sink publisher) {
        this.run = run;
        this.assistant = assistant;
        this.publisher = publisher;
    }

    /** The events of a run continuing after it waited for an approval: numbered on, its text so far kept. */
    static RunEvents continuing(Run run, Sink publisher, PausedRun paused) {
        RunEvents events = new RunEvents(run, run.assistant(), publisher);
        events.seq = paused.seq();
        events.lastDeltaSeq = paused.lastDeltaSeq();
        events.published.append(paused.content());
        return events;
    }

    /** The {@code seq} of the last event published. */
    synchronized long seq() {
        return seq;
    }

    synchronized void started() {
        publish(new RunStarted(run.threadId(), Instant.now(), run.id(), run.attempt(), ++seq, assistant));
    }

    synchronized void delta(String text) {
        lastDeltaSeq = ++seq;
        published.append(text);
        publish(new MessageDelta(run.threadId(), Instant.now(), run.id(), run.attempt(), lastDeltaSeq,
                run.assistantMessageId(), assistant, text));
    }

    @Override
    public synchronized void consulted(String from, String to, String question) {
        publish(new AssistantConsulted(run.threadId(), Instant.now(), run.id(), run.attempt(), ++seq, from, to, question));
    }

    @Override
    public synchronized void toolCalled(String caller, String callId, String tool, Map<String, Object> arguments) {
        publish(new ToolCalled(run.threadId(), Instant.now(), run.id(), run.attempt(), ++seq, caller, callId, tool,
                arguments));
    }

    @Override
    public synchronized void toolResulted(String caller, String callId, String tool, Object output, @Nullable String error) {
        publish(new ToolResulted(run.threadId(), Instant.now(), run.id(), run.attempt(), ++seq, caller, callId, tool,
                output, error));
    }

    /** Publishes the call that waits and the request to approve it; {@code approval.seq()} is the request's own. */
    synchronized CompletableFuture<Void> approvalRequested(PendingApproval approval) {
        seq = approval.seq();
        List<RunEvent> request = approvalRequestOf(run, approval);
        request.subList(0, request.size() - 1).forEach(this::publish);
        return publish(request.getLast());
    }

    synchronized void approvalResolved(PendingApproval approval) {
        ApprovalDecision decision = approval.decision();
        publish(new ToolApprovalResolved(run.threadId(), Instant.now(), run.id(), run.attempt(), ++seq, approval.callId(),
                decision.approved(), decision.userId(), decision.reason(), decision.timedOut() ? Boolean.TRUE : null));
    }

    /** The {@code tool.call} and {@code tool.approval_requested} of a pending approval, as first published. */
    static List<RunEvent> approvalRequestOf(Run run, PendingApproval approval) {
        Instant now = Instant.now();
        return List.of(
                new ToolCalled(run.threadId(), now, run.id(), run.attempt(), approval.seq() - 1, approval.assistant(),
                        approval.callId(), approval.tool(), approval.arguments()),
                new ToolApprovalRequested(run.threadId(), now, run.id(), run.attempt(), approval.seq(),
                        approval.assistant(), approval.callId(), approval.tool(), approval.arguments(),
                        approval.expiresAt()));
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(published.toString(), lastDeltaSeq);
    }

    /** The {@code seq} the terminal event will carry; a completed run's final {@code message.created} comes just before it. */
    synchronized long terminalSeq(boolean withAnswer) {
        return seq + (withAnswer ? 2 : 1);
    }

    /** Publishes the final answer and {@code run.completed}; the future completes when the broker has both. */
    synchronized CompletableFuture<Void> completed(Message answer, Usage usage, @Nullable ContextUsage context,
            RunMetrics metrics) {
        publish(new MessageCreated(run.threadId(), Instant.now(), answer, run.id(), run.attempt(), ++seq));
        return publish(new RunCompleted(run.threadId(), Instant.now(), run.id(), run.attempt(), ++seq,
                run.assistantMessageId(), usage, context, metrics));
    }

    synchronized CompletableFuture<Void> failed(RunError error) {
        return publish(new RunFailed(run.threadId(), Instant.now(), run.id(), run.attempt(), ++seq, error));
    }

    synchronized CompletableFuture<Void> cancelled() {
        return publish(new RunCancelled(run.threadId(), Instant.now(), run.id(), run.attempt(), ++seq,
                run.assistantMessageId()));
    }

    /**
     * The terminal events of a run that was ended but whose end was never announced (its worker died in
     * between), rebuilt from the store with the {@code seq} recorded when it ended: the answer's usage (from its
     * metrics for an answer stored before usage was) and the thread's context, which that run's end wrote.
     */
    static List<RunEvent> endOf(Run run, @Nullable Message answer, @Nullable ContextUsage context) {
        Instant now = Instant.now();
        long terminal = run.terminalSeq();
        return switch (run.status()) {
            case COMPLETED -> {
                MessageMetrics metrics = answer == null ? null : answer.metrics();
                List<RunEvent> end = new ArrayList<>();
                if (answer != null) {
                    end.add(new MessageCreated(run.threadId(), now, answer, run.id(), run.attempt(), terminal - 1));
                }
                end.add(new RunCompleted(run.threadId(), now, run.id(), run.attempt(), terminal, run.assistantMessageId(),
                        usageOf(answer), context,
                        new RunMetrics(metrics == null ? null : metrics.timeToFirstTokenMs(),
                                metrics == null ? 0 : metrics.durationMs())));
                yield end;
            }
            case FAILED -> List.of(new RunFailed(run.threadId(), now, run.id(), run.attempt(), terminal,
                    run.error() != null ? run.error() : new RunError("internal_error", "The run failed", true)));
            case CANCELLED -> List.of(new RunCancelled(run.threadId(), now, run.id(), run.attempt(), terminal,
                    run.assistantMessageId()));
            default -> List.of();
        };
    }

    private static Usage usageOf(@Nullable Message answer) {
        if (answer != null && answer.usage() != null) {
            return answer.usage();
        }
        MessageMetrics metrics = answer == null ? null : answer.metrics();
        return metrics == null ? Usage.NONE : new Usage(metrics.inputTokens(), metrics.outputTokens());
    }

    private CompletableFuture<Void> publish(RunEvent event) {
        return publisher.publish(event);
    }

    /** Where the events go: the future completes when the broker has the event. */
    @FunctionalInterface
    interface Sink {

        CompletableFuture<Void> publish(RunEvent event);
    }

    /** The published answer text and the seq of the last delta it includes. */
    record Snapshot(String content, long lastSeq) {
    }
}

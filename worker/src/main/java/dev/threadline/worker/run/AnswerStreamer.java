package dev.threadline.worker.run;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.event.RunError;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.ApprovalDecision;
import dev.threadline.model.run.Run;
import dev.threadline.worker.assistant.ApprovalNeeded;
import dev.threadline.worker.assistant.Orchestrator;
import dev.threadline.worker.assistant.RunSession;
import dev.threadline.worker.assistant.ToolLoopLimitException;
import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.model.ModelException;
import dev.threadline.worker.tool.ToolContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Streams the assistants' answer of one attempt to its thread as coalesced deltas, checkpointed while it
 * streams, and says how it ended: completed, cancelled (the text so far kept), or failed with the model's
 * error or the tool-loop limit — or that it paused for a person's approval, to be continued later by {@link #resume}.
 */
@Component
class AnswerStreamer {

    private static final Logger log = LoggerFactory.getLogger(AnswerStreamer.class);

    private final Orchestrator orchestrator;
    private final Checkpointer checkpointer;
    private final ActiveRuns active;
    private final RunMeters meters;
    private final ScheduledExecutorService timer;
    private final RunProperties properties;
    private final ApprovalPauses pauses;

    AnswerStreamer(Orchestrator orchestrator, Checkpointer checkpointer, ActiveRuns active, RunMeters meters,
            ScheduledExecutorService runTimer, RunProperties properties, ApprovalPauses pauses) {
        this.pauses = pauses;
        this.orchestrator = orchestrator;
        this.checkpointer = checkpointer;
        this.active = active;
        this.meters = meters;
        this.timer = runTimer;
        this.properties = properties;
    }

    /** How the attempt ended; empty when it paused for an approval (it holds no worker now). */
    Optional<RunOutcome> stream(RunAttempt attempt, AssistantDefinition assistant, List<Message> history,
            Cancellation cancellation) {
        RunSession session = session(attempt, cancellation);
        return drive(attempt, session, RunOutcome.Timings.NONE,
                onText -> orchestrator.answer(session, assistant, ConversationMapper.toItems(history), onText));
    }

    /** Continues an attempt that waited for {@code decision}, from where it paused. */
    Optional<RunOutcome> resume(RunAttempt attempt, PausedRun paused, ApprovalDecision decision,
            Cancellation cancellation) {
        RunSession session = session(attempt, cancellation);
        paused.restoreInto(session);
        return drive(attempt, session, ApprovalPauses.timingsOf(paused),
                onText -> orchestrator.resume(session, paused.frames(), decision, onText));
    }

    private static RunSession session(RunAttempt attempt, Cancellation cancellation) {
        Run run = attempt.run();
        return new RunSession(new ToolContext(run.userId(), run.threadId()), cancellation, attempt.events(), run.model(),
                run.temperature());
    }

    private Optional<RunOutcome> drive(RunAttempt attempt, RunSession session, RunOutcome.Timings before,
            Consumer<Consumer<String>> conversation) {
        Run run = attempt.run();
        RunEvents events = attempt.events();
        long startedNanos = before.startedNanos() != 0 ? before.startedNanos() : System.nanoTime();
        AtomicLong firstTokenNanos = new AtomicLong(before.firstTokenNanos());
        DeltaCoalescer coalescer = new DeltaCoalescer(events::delta, timer,
                () -> properties.flushIntervalNanos(active.size()), properties.flushChars());
        RunError error = null;
        try (Checkpointer.Checkpoints checkpoints = checkpointer.start(run, events, session.cancellation())) {
            conversation.accept(delta -> {
                firstTokenNanos.compareAndSet(0, System.nanoTime());
                coalescer.add(delta);
            });
        }
        catch (ApprovalNeeded needed) {
            coalescer.flush();
            RunOutcome.Timings timings = new RunOutcome.Timings(startedNanos, firstTokenNanos.get());
            if (pauses.pause(attempt, needed, session, timings)) {
                return Optional.empty();
            }
            return Optional.of(RunOutcome.cancelled(events.snapshot(), RunOutcome.Spent.of(session), timings));
        }
        catch (ModelException ex) {
            log.warn("Run {} failed: {} ({})", run.id(), ex.getMessage(), ex.code());
            meters.modelError(ex.code());
            error = new RunError(ex.code(), ex.getMessage(), ex.retryable());
        }
        catch (ToolLoopLimitException ex) {
            error = new RunError("tool_loop_limit", ex.getMessage(), false);
        }
        coalescer.flush();
        return Optional.of(outcome(session, events, error, new RunOutcome.Timings(startedNanos, firstTokenNanos.get())));
    }

    private static RunOutcome outcome(RunSession session, RunEvents events, @Nullable RunError error,
            RunOutcome.Timings timings) {
        RunOutcome.Spent spent = RunOutcome.Spent.of(session);
        if (error != null) {
            return RunOutcome.failed(error, events.snapshot(), spent, timings);
        }
        if (session.cancellation().isCancelled()) {
            return RunOutcome.cancelled(events.snapshot(), spent, timings);
        }
        return RunOutcome.completed(events.snapshot(), spent, timings);
    }
}

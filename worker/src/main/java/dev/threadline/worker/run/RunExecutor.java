package dev.threadline.worker.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import dev.threadline.common.assistant.AssistantCatalog;
import dev.threadline.common.run.RunLifecycle;
import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.event.RunError;
import dev.threadline.model.event.RunFailed;
import dev.threadline.model.message.Message;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.run.RunRequest;
import dev.threadline.worker.assistant.RunSession;
import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.tool.ToolContext;
import dev.threadline.worker.store.ConversationStore;
import org.jspecify.annotations.Nullable;
import dev.threadline.common.search.SearchIndex;
import dev.threadline.worker.title.ThreadTitler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Executes one run request: takes the run's turn in its thread, starts its answer, lets moderation stop
 * it, streams the answer, and ends the run with exactly one terminal event — or, when a tool call needs a person's
 * approval, leaves it waiting, and continues it when a request for it comes after the answer. Runs on a virtual thread;
 * the model stream blocks only that.
 */
@Component
class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    private final RunTurn turns;
    private final AssistantCatalog assistants;
    private final ConversationStore store;
    private final RunLifecycle lifecycle;
    private final ModerationGate moderation;
    private final AnswerStreamer streamer;
    private final RunFinisher finisher;
    private final RunEventPublisher publisher;
    private final ActiveRuns active;
    private final RunProperties properties;
    private final ThreadTitler titler;
    private final SearchIndex search;
    private final ApprovalPauses pauses;
    private final WorkerIdentity worker;

    RunExecutor(RunTurn turns, AssistantCatalog assistants, ConversationStore store, RunLifecycle lifecycle,
            ModerationGate moderation,
            AnswerStreamer streamer, RunFinisher finisher, RunEventPublisher publisher, ActiveRuns active,
            RunProperties properties, ThreadTitler titler, SearchIndex search, ApprovalPauses pauses,
            WorkerIdentity worker) {
        this.pauses = pauses;
        this.worker = worker;
        this.search = search;
        this.turns = turns;
        this.assistants = assistants;
        this.store = store;
        this.lifecycle = lifecycle;
        this.moderation = moderation;
        this.streamer = streamer;
        this.finisher = finisher;
        this.publisher = publisher;
        this.active = active;
        this.properties = properties;
        this.titler = titler;
    }

    /** Stops claiming new runs; runs already streaming finish. */
    void drain() {
        turns.drain();
    }

    Outcome execute(RunRequest request) {
        try (MDC.MDCCloseable thread = MDC.putCloseable("threadId", request.threadId());
                MDC.MDCCloseable run = MDC.putCloseable("runId", request.runId())) {
            Optional<Run> next = turns.claimIfNext(request);
            if (next.isPresent()) {
                return run(next.get());
            }
            Optional<Run> stored = turns.stored(request);
            if (stored.isEmpty()) {
                return deadLetter(request);
            }
            if (stored.get().status() == RunStatus.AWAITING_APPROVAL) {
                return continueAfterApproval(stored.get());
            }
            return turns.awaitAndClaim(stored.get()).map(this::run)
                    .orElseGet(() -> turns.draining() ? Outcome.REQUEUE : Outcome.ACK);
        }
    }

    private Outcome deadLetter(RunRequest request) {
        log.warn("Dead-lettering run request {} of thread {}: no such run", request.runId(), request.threadId());
        publisher.publish(new RunFailed(request.threadId(), Instant.now(), request.runId(), null, null,
                new RunError("unknown_run", "The run does not exist (its thread may have been deleted)", false)));
        return Outcome.DEAD_LETTER;
    }

    private Outcome run(Run run) {
        RunEvents events = new RunEvents(run, run.assistant(), publisher::publish);
        return guarded(run, events, cancellation -> {
            events.started();
            Optional<AssistantDefinition> assistant = assistants.findByName(run.assistant());
            if (assistant.isEmpty()) {
                return fail(RunAttempt.unanswered(run, events), new RunError("unknown_assistant",
                        "No assistant is named '" + run.assistant() + "'", false));
            }
            return answer(run, events, assistant.get(), cancellation);
        });
    }

    /**
     * Does the attempt's work with its cancel switch registered; a failure nobody expected ends the run as failed
     * (or, if even that cannot be recorded, hands the request back).
     */
    private Outcome guarded(Run run, RunEvents events, Function<Cancellation, Outcome> work) {
        Cancellation cancellation = active.register(run.id());
        try {
            return work.apply(cancellation);
        }
        catch (RuntimeException ex) {
            log.error("Run {} failed unexpectedly", run.id(), ex);
            try {
                return fail(RunAttempt.unanswered(run, events),
                        new RunError("internal_error", "The run failed unexpectedly", true));
            }
            catch (RuntimeException recordingFailed) {
                log.error("Could not record the failure of run {}; handing it back", run.id(), recordingFailed);
                return Outcome.REQUEUE;
            }
        }
        finally {
            active.remove(run.id());
        }
    }

    private Outcome answer(Run run, RunEvents events, AssistantDefinition assistant, Cancellation cancellation) {
        List<Message> history = store.history(run, properties.historyRuns());
        RunAttempt attempt = new RunAttempt(run, events, startAnswer(run, assistant, history));
        if (run.cancelRequested()) {
            return finisher.end(attempt, RunOutcome.cancelled(events.snapshot(), RunOutcome.Timings.NONE));
        }
        RunError flagged;
        try (Cancellation.Registration moderating = cancellation.interruptOnCancel()) {
            flagged = moderation.check(run, history);
        }
        if (cancellation.isCancelled()) {
            return finisher.end(attempt, RunOutcome.cancelled(events.snapshot(), RunOutcome.Timings.NONE));
        }
        if (flagged != null) {
            return fail(attempt, flagged);
        }
        return streamer.stream(attempt, assistant, history, cancellation).map(outcome -> finish(attempt, outcome))
                .orElse(Outcome.ACK);
    }

    /**
     * Takes up a run that waited for an approval, if it can continue (answered, timed out or cancelled) and no other
     * worker took it first; it continues in the same attempt from where it paused. A request for a run still waiting
     * was delivered again: its approval request is published again, in case its worker died before doing so.
     */
    private Outcome continueAfterApproval(Run waiting) {
        Optional<Run> taken = lifecycle.resume(waiting.id(), worker.id(), properties.lease());
        if (taken.isEmpty()) {
            pauses.announceAgain(waiting);
            return Outcome.ACK;
        }
        Run run = taken.get();
        Optional<PausedRun> paused = pauses.find(run);
        RunEvents events = paused.map(kept -> RunEvents.continuing(run, publisher::publish, kept))
                .orElseGet(() -> new RunEvents(run, run.assistant(), publisher::publish));
        return guarded(run, events, cancellation -> {
            RunAttempt attempt = new RunAttempt(run, events, CompletableFuture.completedFuture(store.answer(run)));
            if (paused.isEmpty()) {
                log.error("Run {} waited for an approval but what it kept is gone", run.id());
                return fail(attempt, new RunError("internal_error", "The run could not continue after the approval",
                        false));
            }
            if (run.cancelRequested() || run.approval() == null || run.approval().decision() == null) {
                return finish(attempt, RunOutcome.cancelled(events.snapshot(), spentBefore(run, paused.get(), events),
                        ApprovalPauses.timingsOf(paused.get())));
            }
            events.approvalResolved(run.approval());
            return streamer.resume(attempt, paused.get(), run.approval().decision(), cancellation)
                    .map(outcome -> finish(attempt, outcome)).orElse(Outcome.ACK);
        });
    }

    /** What the run spent before it paused. */
    private static RunOutcome.Spent spentBefore(Run run, PausedRun paused, RunEvents events) {
        RunSession session = new RunSession(new ToolContext(run.userId(), run.threadId()), new Cancellation(), events,
                null, null);
        paused.restoreInto(session);
        return RunOutcome.Spent.of(session);
    }

    /** Ends the run; a completed answer is then titled and indexed for search. */
    private Outcome finish(RunAttempt attempt, RunOutcome outcome) {
        Run run = attempt.run();
        Outcome ended = finisher.end(attempt, outcome);
        pauses.forget(run);
        if (outcome.status() == RunStatus.COMPLETED) {
            titler.completed(run);
            CompletableFuture.runAsync(() -> store.thread(run.threadId())
                    .ifPresent(thread -> search.indexMessage(thread.ownerId(), store.answer(run))),
                    Thread::startVirtualThread).exceptionally(failure -> {
                        log.warn("Answer of run {} not indexed for search (--reindex-search repairs it): {}", run.id(),
                                failure.toString());
                        return null;
                    });
        }
        return ended;
    }

    /** The answer message is written while the model call starts: the first token does not wait for the store. */
    private CompletableFuture<@Nullable Message> startAnswer(Run run, AssistantDefinition assistant,
            List<Message> history) {
        Instant userMessageAt = history.isEmpty() ? Instant.EPOCH : history.getLast().createdAt();
        return CompletableFuture.supplyAsync(() -> lifecycle.startAnswer(run, assistant.name(), userMessageAt),
                Thread::startVirtualThread);
    }

    /** Ends a run that failed before its model call. */
    private Outcome fail(RunAttempt attempt, RunError error) {
        return finisher.end(attempt, RunOutcome.failed(error, attempt.events().snapshot(), RunOutcome.Timings.NONE));
    }
}

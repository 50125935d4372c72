package dev.threadline.worker.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.threadline.model.event.RunError;
import dev.threadline.model.event.RunFailed;
import dev.threadline.model.event.RunMetrics;
import dev.threadline.model.event.Usage;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.message.Role;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunRequest;
import dev.threadline.model.run.RunStatus;
import dev.threadline.common.assistant.AssistantCatalog;
import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.message.Attachment;
import dev.threadline.worker.assistant.Orchestrator;
import dev.threadline.worker.assistant.RunSession;
import dev.threadline.worker.assistant.ToolLoopLimitException;
import dev.threadline.worker.tool.ToolContext;
import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.model.ConversationItem;
import dev.threadline.worker.model.InputModeration;
import dev.threadline.worker.model.ModelException;
import dev.threadline.worker.store.ConversationStore;
import dev.threadline.worker.sentiment.SentimentScorer;
import dev.threadline.worker.store.RunClaims;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Executes one run request: waits for the thread's earlier runs, claims the run with a lease, streams
 * the model's answer as coalesced deltas, checkpoints it, and ends the run with exactly one terminal
 * event. Runs on a virtual thread; the model stream blocks only that.
 */
@Component
class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    /** A run that ends before its answer was started has no answer message to finish. */
    private static final CompletableFuture<Message> NO_ANSWER = CompletableFuture.completedFuture(null);

    private final RunClaims claims;
    private final ConversationStore store;
    private final Orchestrator orchestrator;
    private final AssistantCatalog assistants;
    private final RunEventPublisher publisher;
    private final ActiveRuns active;
    private final WorkerIdentity worker;
    private final ScheduledExecutorService timer;
    private final RunProperties properties;
    private final SentimentScorer sentiment;
    private final InputModeration moderation;
    private final RunMeters meters;
    private final AtomicBoolean draining = new AtomicBoolean();

    RunExecutor(RunClaims claims, ConversationStore store, Orchestrator orchestrator, AssistantCatalog assistants,
            RunEventPublisher publisher, ActiveRuns active, WorkerIdentity worker, ScheduledExecutorService runTimer,
            RunProperties properties, SentimentScorer sentiment, InputModeration moderation, RunMeters meters) {
        this.claims = claims;
        this.store = store;
        this.orchestrator = orchestrator;
        this.assistants = assistants;
        this.publisher = publisher;
        this.active = active;
        this.worker = worker;
        this.timer = runTimer;
        this.properties = properties;
        this.sentiment = sentiment;
        this.moderation = moderation;
        this.meters = meters;
    }

    /** Stops claiming new runs; runs already streaming finish. */
    void drain() {
        draining.set(true);
    }

    Outcome execute(RunRequest request) {
        Optional<Run> first = claimIfNext(request);
        if (first.isPresent()) {
            return run(first.get());
        }
        Optional<Run> stored = claims.find(request.runId());
        if (stored.isEmpty() || !stored.get().threadId().equals(request.threadId())) {
            log.warn("Dead-lettering run request {} of thread {}: no such run", request.runId(), request.threadId());
            publisher.publish(new RunFailed(request.threadId(), Instant.now(), request.runId(), null, null,
                    new RunError("unknown_run", "The run does not exist (its thread may have been deleted)", false)));
            return Outcome.DEAD_LETTER;
        }
        Optional<Run> claimed = awaitTurnAndClaim(stored.get());
        if (claimed.isEmpty()) {
            return draining.get() ? Outcome.REQUEUE : Outcome.ACK;
        }
        return run(claimed.get());
    }

    /**
     * The usual case in two store round trips: no earlier run of the thread is in the way and this one is
     * queued, so it is claimed at once. Anything else (an unknown run, a redelivery, a run taken over
     * after its worker died, an earlier run to wait for) takes the careful path.
     */
    private Optional<Run> claimIfNext(RunRequest request) {
        if (request.order() <= 0 || draining.get()
                || claims.blockingPredecessor(request.threadId(), request.order(), properties.abandonedAfter()).isPresent()) {
            return Optional.empty();
        }
        return claims.claimQueued(request.runId(), request.threadId(), worker.id(), properties.lease());
    }

    /**
     * Waits until every earlier run of the thread has ended, then claims this one. Empty when the run
     * ended meanwhile, is being run by this worker already, or the worker is draining.
     */
    private Optional<Run> awaitTurnAndClaim(Run run) {
        Run latest = run;
        while (!draining.get()) {
            Run current = latest != null ? latest : claims.find(run.id()).orElse(null);
            latest = null;
            if (current == null) {
                return Optional.empty();
            }
            if (current.status().isTerminal()) {
                if (current.announced() || current.terminalSeq() == 0) {
                    return Optional.empty();
                }
                if (current.endedAt() == null
                        || current.endedAt().isBefore(Instant.now().minus(properties.announceGrace()))) {
                    announceEnd(current);
                    return Optional.empty();
                }
                pause(properties.predecessorPoll());
                continue;
            }
            if (current.status() == RunStatus.RUNNING && worker.id().equals(current.leaseOwner())
                    && active.isActive(run.id())) {
                return Optional.empty();
            }
            if (claims.blockingPredecessor(current.threadId(), current.order(), properties.abandonedAfter()).isEmpty()) {
                Optional<Run> claimed = claims.claim(run.id(), worker.id(), properties.lease());
                if (claimed.isPresent()) {
                    return claimed;
                }
            }
            pause(properties.predecessorPoll());
        }
        return Optional.empty();
    }

    /** Publishes the end of a run whose worker died after ending it and before announcing it. */
    private void announceEnd(Run run) {
        log.info("Announcing the end of run {} ({}) for a worker that died before it could", run.id(), run.status());
        RunEvents.endOf(run, store.answer(run)).forEach(publisher::publish);
        claims.announced(run);
    }

    private Outcome run(Run run) {
        Cancellation cancellation = active.register(run.id());
        RunEvents events = new RunEvents(run, run.assistant(), publisher::publish);
        try (MDC.MDCCloseable thread = MDC.putCloseable("threadId", run.threadId());
                MDC.MDCCloseable runId = MDC.putCloseable("runId", run.id())) {
            events.started();
            AssistantDefinition assistant = assistants.findByName(run.assistant()).orElse(null);
            if (assistant == null) {
                return fail(run, events, NO_ANSWER, new RunError("unknown_assistant",
                        "No assistant is named '" + run.assistant() + "'", false), 0L, 0L);
            }
            return stream(run, assistant, events, cancellation);
        }
        catch (RuntimeException ex) {
            log.error("Run {} failed unexpectedly", run.id(), ex);
            try {
                return fail(run, events, NO_ANSWER, new RunError("internal_error", "The run failed unexpectedly", true),
                        0L, 0L);
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

    private Outcome stream(Run run, AssistantDefinition assistant, RunEvents events, Cancellation cancellation) {
        List<Message> history = store.history(run, properties.historyRuns());
        Instant userMessageAt = history.isEmpty() ? Instant.EPOCH : history.get(history.size() - 1).createdAt();
        CompletableFuture<Message> answer = CompletableFuture.supplyAsync(
                () -> store.startAnswer(run, assistant.name(), userMessageAt), Thread::startVirtualThread);
        if (run.cancelRequested()) {
            return cancel(run, events, answer, 0L, 0L);
        }
        RunError flagged = moderate(run, history);
        if (flagged != null) {
            return fail(run, events, answer, flagged, 0L, 0L);
        }
        long startedNanos = System.nanoTime();
        AtomicLong firstTokenNanos = new AtomicLong();
        DeltaCoalescer coalescer = new DeltaCoalescer(events::delta, timer,
                () -> properties.flushIntervalNanos(active.size()), properties.flushChars());
        ScheduledFuture<?> checkpoints = scheduleCheckpoints(run, events, cancellation);
        RunSession session = new RunSession(new ToolContext(run.userId(), run.threadId()), cancellation,
                new EventListener(events), run.model(), run.temperature());
        try {
            orchestrator.answer(session, assistant, conversation(history), delta -> {
                firstTokenNanos.compareAndSet(0, System.nanoTime());
                coalescer.add(delta);
            });
        }
        catch (ModelException ex) {
            checkpoints.cancel(false);
            coalescer.flush();
            log.warn("Run {} failed: {} ({})", run.id(), ex.getMessage(), ex.code());
            meters.modelError(ex.code());
            return fail(run, events, answer, new RunError(ex.code(), ex.getMessage(), ex.retryable()), startedNanos,
                    firstTokenNanos.get());
        }
        catch (ToolLoopLimitException ex) {
            checkpoints.cancel(false);
            coalescer.flush();
            return fail(run, events, answer, new RunError("tool_loop_limit", ex.getMessage(), false), startedNanos,
                    firstTokenNanos.get());
        }
        finally {
            checkpoints.cancel(false);
        }
        coalescer.flush();
        if (cancellation.isCancelled()) {
            return cancel(run, events, answer, startedNanos, firstTokenNanos.get());
        }
        return complete(run, events, answer, session, startedNanos, firstTokenNanos.get());
    }

    /** The error that ends the run when moderation flags its user message, or null when it may proceed. */
    private @Nullable RunError moderate(Run run, List<Message> history) {
        if (history.isEmpty()) {
            return null;
        }
        try {
            List<String> categories = moderation.flaggedCategories(history.getLast().content());
            if (categories.isEmpty()) {
                return null;
            }
            log.info("Run {}: the user message was flagged by moderation ({})", run.id(), categories);
            store.recordFlagged(run, categories);
            return new RunError("content_flagged", "The message was flagged by moderation: "
                    + String.join(", ", categories), false);
        }
        catch (ModelException ex) {
            return new RunError(ex.code(), "Moderation failed: " + ex.getMessage(), ex.retryable());
        }
    }

    private static List<ConversationItem> conversation(List<Message> history) {
        return history.stream().<ConversationItem>map(message -> message.role() == Role.USER
                ? new ConversationItem.UserText(message.content(), imageUrls(message))
                : new ConversationItem.AssistantText(message.content())).toList();
    }

    private static List<String> imageUrls(Message message) {
        return message.attachments() == null ? List.of()
                : message.attachments().stream().filter(a -> "image".equals(a.type())).map(Attachment::url).toList();
    }

    private Outcome complete(Run run, RunEvents events, CompletableFuture<Message> started, RunSession session,
            long startedNanos, long firstTokenNanos) {
        RunEvents.Snapshot answer = events.snapshot();
        MessageMetrics metrics = metrics(answer, startedNanos, firstTokenNanos, session.inputTokens(),
                session.outputTokens());
        meters.ended("completed", metrics);
        Message stored = store.finishAnswer(run, started.join(), answer.content(), answer.lastSeq(),
                MessageStatus.COMPLETE, metrics);
        if (!claims.end(run, worker.id(), RunStatus.COMPLETED, events.terminalSeq(true), null)) {
            log.warn("Run {} attempt {} lost its lease; the newer attempt ends it", run.id(), run.attempt());
            return Outcome.ACK;
        }
        store.touchThread(run.threadId(), run.id());
        events.completed(stored, new Usage(session.inputTokens(), session.outputTokens()),
                new RunMetrics(metrics.timeToFirstTokenMs(), metrics.durationMs()));
        claims.announced(run);
        return Outcome.ACK;
    }

    private Outcome fail(Run run, RunEvents events, CompletableFuture<Message> started, RunError error,
            long startedNanos, long firstTokenNanos) {
        RunEvents.Snapshot partial = events.snapshot();
        MessageMetrics metrics = metrics(partial, startedNanos, firstTokenNanos, 0, 0);
        meters.ended("failed", metrics);
        store.finishAnswer(run, started.join(), partial.content(), partial.lastSeq(), MessageStatus.FAILED, metrics);
        if (claims.end(run, worker.id(), RunStatus.FAILED, events.terminalSeq(false), error)) {
            store.touchThread(run.threadId(), run.id());
            events.failed(error);
            claims.announced(run);
        }
        return Outcome.ACK;
    }

    private Outcome cancel(Run run, RunEvents events, CompletableFuture<Message> started, long startedNanos,
            long firstTokenNanos) {
        RunEvents.Snapshot partial = events.snapshot();
        MessageMetrics metrics = metrics(partial, startedNanos, firstTokenNanos, 0, 0);
        meters.ended("cancelled", metrics);
        store.finishAnswer(run, started.join(), partial.content(), partial.lastSeq(), MessageStatus.CANCELLED, metrics);
        if (claims.end(run, worker.id(), RunStatus.CANCELLED, events.terminalSeq(false), null)) {
            store.touchThread(run.threadId(), run.id());
            events.cancelled();
            claims.announced(run);
        }
        return Outcome.ACK;
    }

    private ScheduledFuture<?> scheduleCheckpoints(Run run, RunEvents events, Cancellation cancellation) {
        AtomicBoolean writing = new AtomicBoolean();
        long period = properties.checkpointInterval().toMillis();
        return timer.scheduleAtFixedRate(() -> {
            if (writing.compareAndSet(false, true)) {
                Thread.startVirtualThread(() -> {
                    try {
                        checkpoint(run, events, cancellation);
                    }
                    finally {
                        writing.set(false);
                    }
                });
            }
        }, period, period, TimeUnit.MILLISECONDS);
    }

    private void checkpoint(Run run, RunEvents events, Cancellation cancellation) {
        try {
            RunEvents.Snapshot snapshot = events.snapshot();
            store.checkpoint(run, snapshot.content(), snapshot.lastSeq());
            if (claims.renewOrStop(run, worker.id(), properties.lease())) {
                cancellation.cancel();
            }
        }
        catch (RuntimeException ex) {
            log.warn("Checkpoint of run {} failed: {}", run.id(), ex.getMessage());
        }
    }

    /** Scored once the answer is complete (or stopped), never while it streams. */
    private MessageMetrics metrics(RunEvents.Snapshot answer, long startedNanos, long firstTokenNanos,
            long inputTokens, long outputTokens) {
        long now = System.nanoTime();
        Long timeToFirstToken = firstTokenNanos == 0 || startedNanos == 0 ? null
                : Duration.ofNanos(firstTokenNanos - startedNanos).toMillis();
        long duration = startedNanos == 0 ? 0 : Duration.ofNanos(now - startedNanos).toMillis();
        return new MessageMetrics(timeToFirstToken, duration, answer.content().length(), inputTokens, outputTokens,
                answer.content().isBlank() ? null : sentiment.score(answer.content()));
    }

    /** Turns the assistants' consultations and tool calls into thread events of this attempt. */
    private record EventListener(RunEvents events) implements RunSession.Listener {

        @Override
        public void consulted(String from, String to, String question) {
            events.consulted(from, to, question);
        }

        @Override
        public void toolCalled(String assistant, String callId, String tool, Map<String, Object> arguments) {
            events.toolCalled(assistant, callId, tool, arguments);
        }

        @Override
        public void toolResulted(String assistant, String callId, String tool, Object output,
                @org.jspecify.annotations.Nullable String error) {
            events.toolResulted(assistant, callId, tool, output, error);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}

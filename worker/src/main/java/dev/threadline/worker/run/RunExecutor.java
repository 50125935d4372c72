package dev.threadline.worker.run;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
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
import dev.threadline.worker.assistant.AssistantDirectory;
import dev.threadline.worker.assistant.AssistantProfile;
import dev.threadline.worker.model.Cancellation;
import dev.threadline.worker.model.ChatModel;
import dev.threadline.worker.model.ModelException;
import dev.threadline.worker.model.ModelProperties;
import dev.threadline.worker.model.ModelRequest;
import dev.threadline.worker.model.ModelResult;
import dev.threadline.worker.model.Turn;
import dev.threadline.worker.store.ConversationStore;
import dev.threadline.worker.store.RunClaims;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Executes one run request: waits for the thread's earlier runs, claims the run with a lease, streams
 * the model's answer as coalesced deltas, checkpoints it, and ends the run with exactly one terminal
 * event. Runs on a virtual thread; the model stream blocks only that.
 */
@Component
class RunExecutor {

    private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

    private final RunClaims claims;
    private final ConversationStore store;
    private final ChatModel model;
    private final AssistantDirectory assistants;
    private final RunEventPublisher publisher;
    private final ActiveRuns active;
    private final WorkerIdentity worker;
    private final ScheduledExecutorService timer;
    private final RunProperties properties;
    private final ModelProperties modelProperties;
    private final AtomicBoolean draining = new AtomicBoolean();

    RunExecutor(RunClaims claims, ConversationStore store, ChatModel model, AssistantDirectory assistants,
            RunEventPublisher publisher, ActiveRuns active, WorkerIdentity worker, ScheduledExecutorService runTimer,
            RunProperties properties, ModelProperties modelProperties) {
        this.claims = claims;
        this.store = store;
        this.model = model;
        this.assistants = assistants;
        this.publisher = publisher;
        this.active = active;
        this.worker = worker;
        this.timer = runTimer;
        this.properties = properties;
        this.modelProperties = modelProperties;
    }

    /** Stops claiming new runs; runs already streaming finish. */
    void drain() {
        draining.set(true);
    }

    Outcome execute(RunRequest request) {
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
     * Waits until every earlier run of the thread has ended, then claims this one. Empty when the run
     * ended meanwhile, is being run by this worker already, or the worker is draining.
     */
    private Optional<Run> awaitTurnAndClaim(Run run) {
        while (!draining.get()) {
            Run current = claims.find(run.id()).orElse(null);
            if (current == null || current.status().isTerminal()) {
                return Optional.empty();
            }
            if (current.status() == RunStatus.RUNNING && worker.id().equals(current.leaseOwner())
                    && active.isActive(run.id())) {
                return Optional.empty();
            }
            if (claims.blockingPredecessor(current, properties.abandonedAfter()).isEmpty()) {
                Optional<Run> claimed = claims.claim(run.id(), worker.id(), properties.lease());
                if (claimed.isPresent()) {
                    return claimed;
                }
            }
            pause(properties.predecessorPoll());
        }
        return Optional.empty();
    }

    private Outcome run(Run run) {
        Cancellation cancellation = active.register(run.id());
        RunEvents events = new RunEvents(run, run.assistant(), publisher::publish);
        try {
            events.started();
            AssistantProfile assistant = assistants.find(run.assistant()).orElse(null);
            if (assistant == null) {
                return fail(run, events, new RunError("unknown_assistant",
                        "No assistant is named '" + run.assistant() + "'", false), 0L, 0L);
            }
            return stream(run, assistant, events, cancellation);
        }
        catch (RuntimeException ex) {
            log.error("Run {} failed unexpectedly", run.id(), ex);
            try {
                return fail(run, events, new RunError("internal_error", "The run failed unexpectedly", true), 0L, 0L);
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

    private Outcome stream(Run run, AssistantProfile assistant, RunEvents events, Cancellation cancellation) {
        List<Message> history = store.history(run, properties.historyRuns());
        Instant userMessageAt = history.isEmpty() ? Instant.EPOCH : history.get(history.size() - 1).createdAt();
        store.startAnswer(run, assistant.name(), userMessageAt);
        if (claims.cancelRequested(run.id())) {
            return cancel(run, events, 0L, 0L);
        }
        long startedNanos = System.nanoTime();
        AtomicLong firstTokenNanos = new AtomicLong();
        DeltaCoalescer coalescer = new DeltaCoalescer(events::delta, timer, properties.flushInterval(),
                properties.flushChars());
        ScheduledFuture<?> checkpoints = scheduleCheckpoints(run, events, cancellation);
        ModelResult result;
        try {
            result = model.stream(request(run, assistant, history), delta -> {
                firstTokenNanos.compareAndSet(0, System.nanoTime());
                coalescer.add(delta);
            }, cancellation);
        }
        catch (ModelException ex) {
            checkpoints.cancel(false);
            coalescer.flush();
            log.warn("Run {} failed: {} ({})", run.id(), ex.getMessage(), ex.code());
            return fail(run, events, new RunError(ex.code(), ex.getMessage(), ex.retryable()), startedNanos,
                    firstTokenNanos.get());
        }
        finally {
            checkpoints.cancel(false);
        }
        coalescer.flush();
        if (cancellation.isCancelled()) {
            return cancel(run, events, startedNanos, firstTokenNanos.get());
        }
        return complete(run, events, result, startedNanos, firstTokenNanos.get());
    }

    private ModelRequest request(Run run, AssistantProfile assistant, List<Message> history) {
        List<Turn> turns = history.stream()
                .map(message -> message.role() == Role.USER ? Turn.user(message.content())
                        : Turn.assistant(message.content()))
                .toList();
        String modelName = run.model() != null ? run.model()
                : assistant.model() != null ? assistant.model() : modelProperties.defaultModel();
        Double temperature = run.temperature() != null ? run.temperature() : assistant.temperature();
        return new ModelRequest(modelName, assistant.instructions(), turns, temperature);
    }

    private Outcome complete(Run run, RunEvents events, ModelResult result, long startedNanos, long firstTokenNanos) {
        RunEvents.Snapshot answer = events.snapshot();
        MessageMetrics metrics = metrics(answer, startedNanos, firstTokenNanos, result.inputTokens(),
                result.outputTokens());
        Message stored = store.finishAnswer(run, answer.content(), answer.lastSeq(), MessageStatus.COMPLETE, metrics);
        if (!claims.end(run, worker.id(), RunStatus.COMPLETED)) {
            log.warn("Run {} attempt {} lost its lease; the newer attempt ends it", run.id(), run.attempt());
            return Outcome.ACK;
        }
        store.touchThread(run.threadId(), run.id());
        events.completed(stored, new Usage(result.inputTokens(), result.outputTokens()),
                new RunMetrics(metrics.timeToFirstTokenMs(), metrics.durationMs()));
        claims.announced(run);
        return Outcome.ACK;
    }

    private Outcome fail(Run run, RunEvents events, RunError error, long startedNanos, long firstTokenNanos) {
        RunEvents.Snapshot partial = events.snapshot();
        store.finishAnswer(run, partial.content(), partial.lastSeq(), MessageStatus.FAILED,
                metrics(partial, startedNanos, firstTokenNanos, 0, 0));
        if (claims.end(run, worker.id(), RunStatus.FAILED)) {
            store.touchThread(run.threadId(), run.id());
            events.failed(error);
            claims.announced(run);
        }
        return Outcome.ACK;
    }

    private Outcome cancel(Run run, RunEvents events, long startedNanos, long firstTokenNanos) {
        RunEvents.Snapshot partial = events.snapshot();
        store.finishAnswer(run, partial.content(), partial.lastSeq(), MessageStatus.CANCELLED,
                metrics(partial, startedNanos, firstTokenNanos, 0, 0));
        if (claims.end(run, worker.id(), RunStatus.CANCELLED)) {
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
            if (!claims.renew(run, worker.id(), properties.lease()) || claims.cancelRequested(run.id())) {
                cancellation.cancel();
            }
        }
        catch (RuntimeException ex) {
            log.warn("Checkpoint of run {} failed: {}", run.id(), ex.getMessage());
        }
    }

    private static MessageMetrics metrics(RunEvents.Snapshot answer, long startedNanos, long firstTokenNanos,
            long inputTokens, long outputTokens) {
        long now = System.nanoTime();
        Long timeToFirstToken = firstTokenNanos == 0 || startedNanos == 0 ? null
                : Duration.ofNanos(firstTokenNanos - startedNanos).toMillis();
        long duration = startedNanos == 0 ? 0 : Duration.ofNanos(now - startedNanos).toMillis();
        return new MessageMetrics(timeToFirstToken, duration, answer.content().length(), inputTokens, outputTokens,
                null);
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

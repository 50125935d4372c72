package dev.threadline.gateway.thread;

import java.time.Instant;
import java.util.Optional;

import dev.threadline.common.run.RunLifecycle;
import dev.threadline.gateway.dispatch.RunDispatcher;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.model.event.RunCancelled;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunCancel;
import dev.threadline.model.run.RunEnded;
import dev.threadline.model.run.RunStatus;
import dev.threadline.model.thread.ChatThread;
import org.springframework.stereotype.Service;

/**
 * Cancels a run. A queued run is cancelled in the store before any worker starts it (its request is
 * then acknowledged and dropped by the worker); a running one is flagged and broadcast on the control
 * exchange, and the worker running it stops the model stream and publishes {@code run.cancelled}; one waiting
 * for an approval is flagged and enqueued, and the worker that takes it up ends it as cancelled.
 */
@Service
class RunCanceller {

    private final ThreadAccess threads;
    private final RunLifecycle runs;
    private final RunDispatcher dispatcher;

    RunCanceller(ThreadAccess threads, RunLifecycle runs, RunDispatcher dispatcher) {
        this.threads = threads;
        this.runs = runs;
        this.dispatcher = dispatcher;
    }

    void cancel(String userId, String threadId, String runId) {
        threads.requireParticipant(threadId, userId);
        Run run = runs.find(threadId, runId).orElseThrow(() -> ThreadlineException.notFound("Run"));
        if (run.status().isTerminal()) {
            throw ThreadlineException.conflict("conflict", "The run already ended");
        }
        Optional<Run> cancelledInQueue = runs.cancelQueued(runId);
        if (cancelledInQueue.isPresent()) {
            Instant now = Instant.now();
            dispatcher.publish(new RunCancelled(threadId, now, runId, null, null, null));
            dispatcher.ended(new RunEnded(threadId, runId, cancelledInQueue.get().order(), now));
            return;
        }
        Run flagged = runs.requestCancel(runId)
                .orElseThrow(() -> ThreadlineException.conflict("conflict", "The run already ended"));
        if (flagged.status() == RunStatus.AWAITING_APPROVAL) {
            dispatcher.continueWaiting(flagged.toRequest());
            return;
        }
        dispatcher.cancel(new RunCancel(threadId, runId, userId, Instant.now()));
    }

    /** Cancels the thread's active run, if any (the STOMP {@code /cancel} destination names no run). */
    void cancelActive(String userId, String threadId) {
        ChatThread thread = threads.requireParticipant(threadId, userId);
        if (thread.activeRunId() == null) {
            throw ThreadlineException.conflict("conflict", "The thread has no active run");
        }
        cancel(userId, threadId, thread.activeRunId());
    }
}

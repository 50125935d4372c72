package dev.threadline.gateway.thread;

import java.time.Instant;

import dev.threadline.common.run.RunLifecycle;
import dev.threadline.gateway.dispatch.RunDispatcher;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.model.run.ApprovalDecision;
import dev.threadline.model.run.Run;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * Answers a tool call a run waits on (PROTOCOL.md §13): any participant of the thread may; the first answer is
 * recorded on the run and later ones are refused (409). The run is then enqueued to continue on any worker. If
 * the broker does not take that request, the answer still stands: the workers' sweep enqueues it later.
 */
@Service
class RunApprovals {

    private static final int MAX_REASON = 1_000;

    private final ThreadAccess threads;
    private final RunLifecycle runs;
    private final RunDispatcher dispatcher;

    RunApprovals(ThreadAccess threads, RunLifecycle runs, RunDispatcher dispatcher) {
        this.threads = threads;
        this.runs = runs;
        this.dispatcher = dispatcher;
    }

    /** {@code runId} null: the thread's run that waits on the call (the STOMP destination names no run). */
    Run answer(String userId, String threadId, @Nullable String runId, ApprovalAnswer answer) {
        if (answer.callId() == null || answer.callId().isBlank()) {
            throw ThreadlineException.validation("callId is required");
        }
        if (answer.approved() == null) {
            throw ThreadlineException.validation("approved is required (true or false)");
        }
        if (answer.reason() != null && answer.reason().length() > MAX_REASON) {
            throw ThreadlineException.validation("reason is longer than " + MAX_REASON + " characters");
        }
        threads.requireParticipant(threadId, userId);
        if (runId != null && runs.find(threadId, runId).isEmpty()) {
            throw ThreadlineException.notFound("Run");
        }
        Run decided = runs.decide(threadId, runId, answer.callId(),
                        ApprovalDecision.by(userId, answer.approved(), answer.reason(), Instant.now()))
                .orElseThrow(() -> ThreadlineException.conflict("no_pending_approval",
                        "Nothing awaits approval for call " + answer.callId()
                                + ": it was answered already, timed out, or the run ended"));
        dispatcher.continueWaiting(decided.toRequest());
        return decided;
    }

    RunView find(String userId, String threadId, String runId) {
        threads.requireParticipant(threadId, userId);
        return runs.find(threadId, runId).map(RunView::of).orElseThrow(() -> ThreadlineException.notFound("Run"));
    }
}

package dev.threadline.worker.run;

import java.util.ArrayList;
import java.util.List;

import dev.threadline.model.event.RunError;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import org.jspecify.annotations.Nullable;

/** Records the end writes in the order they were made; holds the lease unless told it was lost. */
final class FakeRunEndStore implements RunEndStore {

    final List<String> writes = new ArrayList<>();
    boolean leaseHeld = true;
    @Nullable MessageStatus answerStatus;
    @Nullable String answerContent;
    @Nullable MessageMetrics answerMetrics;
    @Nullable RunStatus runStatus;
    @Nullable RunError runError;
    long terminalSeq;

    @Override
    public @Nullable Message finishAnswer(Run run, @Nullable Message started, String content, long lastSeq,
            MessageStatus status, MessageMetrics metrics) {
        writes.add("finishAnswer");
        answerStatus = status;
        answerContent = content;
        answerMetrics = metrics;
        return started == null ? null : new Message(started.id(), started.threadId(), started.role(), content,
                started.author(), started.createdAt(), status, started.runId(), started.attempt(), lastSeq, null, null,
                metrics, null, 0);
    }

    @Override
    public boolean end(Run run, String workerId, RunStatus status, long terminalSeq, @Nullable RunError error) {
        writes.add("end");
        if (!leaseHeld) {
            return false;
        }
        this.runStatus = status;
        this.runError = error;
        this.terminalSeq = terminalSeq;
        return true;
    }

    @Override
    public void touchThread(String threadId, String runId) {
        writes.add("touchThread");
    }

    @Override
    public void announced(Run run) {
        writes.add("announced");
    }
}

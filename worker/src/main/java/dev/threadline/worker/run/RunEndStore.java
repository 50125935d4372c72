package dev.threadline.worker.run;

import dev.threadline.model.event.RunError;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import org.jspecify.annotations.Nullable;

/**
 * The store writes that end a run, as {@code ConversationStore} and {@code RunClaims} make them
 * ({@link StoredRunEnds}); an interface so that {@link RunFinisher} is tested without a store.
 */
interface RunEndStore {

    /** Stores the answer's end; the answer as stored, or null when it was never started. */
    @Nullable Message finishAnswer(Run run, @Nullable Message started, String content, long lastSeq, MessageStatus status,
            MessageMetrics metrics);

    /** Ends the run under this worker's lease; false when the lease was lost. */
    boolean end(Run run, String workerId, RunStatus status, long terminalSeq, @Nullable RunError error);

    void touchThread(String threadId, String runId);

    /** Records that the run's terminal event went out: the thread's next run may start. */
    void announced(Run run);
}

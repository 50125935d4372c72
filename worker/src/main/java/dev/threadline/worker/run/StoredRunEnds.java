package dev.threadline.worker.run;

import dev.threadline.model.event.RunError;
import dev.threadline.model.message.Message;
import dev.threadline.model.message.MessageMetrics;
import dev.threadline.model.message.MessageStatus;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunStatus;
import dev.threadline.worker.store.ConversationStore;
import dev.threadline.worker.store.RunClaims;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/** {@link RunEndStore} in MongoDB: the answer through the conversation store, the run through its lease. */
@Component
class StoredRunEnds implements RunEndStore {

    private final ConversationStore store;
    private final RunClaims claims;

    StoredRunEnds(ConversationStore store, RunClaims claims) {
        this.store = store;
        this.claims = claims;
    }

    @Override
    public @Nullable Message finishAnswer(Run run, @Nullable Message started, String content, long lastSeq,
            MessageStatus status, MessageMetrics metrics) {
        return store.finishAnswer(run, started, content, lastSeq, status, metrics);
    }

    @Override
    public boolean end(Run run, String workerId, RunStatus status, long terminalSeq, @Nullable RunError error) {
        return claims.end(run, workerId, status, terminalSeq, error);
    }

    @Override
    public void touchThread(String threadId, String runId) {
        store.touchThread(threadId, runId);
    }

    @Override
    public void announced(Run run) {
        claims.announced(run);
    }
}

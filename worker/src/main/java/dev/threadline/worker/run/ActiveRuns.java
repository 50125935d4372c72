package dev.threadline.worker.run;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import dev.threadline.worker.model.Cancellation;
import org.springframework.stereotype.Component;

/**
 * The runs this worker is executing now, by run id, so a cancel from the control exchange can reach them,
 * and a redelivered request of one of them (the broker came back and handed it out again) can wait for it.
 */
@Component
class ActiveRuns {

    private final Map<String, Active> runs = new ConcurrentHashMap<>();

    Cancellation register(String runId) {
        return runs.computeIfAbsent(runId, id -> new Active(new Cancellation(), new CompletableFuture<>())).cancellation();
    }

    boolean isActive(String runId) {
        return runs.containsKey(runId);
    }

    void remove(String runId) {
        Active removed = runs.remove(runId);
        if (removed != null) {
            removed.ended().complete(null);
        }
    }

    /** Returns when this worker no longer executes the run (at once if it does not). */
    void awaitEnd(String runId) {
        Active active = runs.get(runId);
        if (active != null) {
            active.ended().join();
        }
    }

    boolean cancel(String runId) {
        Active active = runs.get(runId);
        if (active == null) {
            return false;
        }
        active.cancellation().cancel();
        return true;
    }

    int size() {
        return runs.size();
    }

    private record Active(Cancellation cancellation, CompletableFuture<Void> ended) {
    }
}

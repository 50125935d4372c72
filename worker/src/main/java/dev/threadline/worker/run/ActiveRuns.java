package dev.threadline.worker.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.threadline.worker.model.Cancellation;
import org.springframework.stereotype.Component;

/** The runs this worker is executing now, by run id, so a cancel from the control exchange can reach them. */
@Component
class ActiveRuns {

    private final Map<String, Cancellation> runs = new ConcurrentHashMap<>();

    Cancellation register(String runId) {
        return runs.computeIfAbsent(runId, id -> new Cancellation());
    }

    boolean isActive(String runId) {
        return runs.containsKey(runId);
    }

    void remove(String runId) {
        runs.remove(runId);
    }

    boolean cancel(String runId) {
        Cancellation cancellation = runs.get(runId);
        if (cancellation == null) {
            return false;
        }
        cancellation.cancel();
        return true;
    }

    int size() {
        return runs.size();
    }

}

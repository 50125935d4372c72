package dev.threadline.worker.run;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;
import java.util.Map;

import dev.threadline.common.run.RunEnding;
import dev.threadline.common.usage.ModelTokens;
import dev.threadline.model.run.Run;
import org.jspecify.annotations.Nullable;

/** Records the end writes in the order they were made; holds the lease unless told it was lost. */
final class FakeRunEndStore implements RunEndStore {

    final List<String> writes = new CopyOnWriteArrayList<>();
    boolean leaseHeld = true;
    @Nullable RunEnding ending;
    @Nullable Map<String, ModelTokens> recordedUsage;

    @Override
    public boolean end(Run run, String workerId, RunEnding ending) {
        writes.add("end");
        this.ending = ending;
        return leaseHeld;
    }

    @Override
    public void announced(Run run) {
        writes.add("announced");
    }

    @Override
    public void recordUsage(Run run, Map<String, ModelTokens> byModel) {
        writes.add("usage");
        recordedUsage = byModel;
    }
}

package dev.threadline.worker.run;

import dev.threadline.common.run.RunEnding;
import dev.threadline.common.run.RunLifecycle;
import dev.threadline.model.run.Run;
import org.springframework.stereotype.Component;

/** {@link RunEndStore} in MongoDB, through the run lifecycle. */
@Component
class StoredRunEnds implements RunEndStore {

    private final RunLifecycle lifecycle;

    StoredRunEnds(RunLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public boolean end(Run run, String workerId, RunEnding ending) {
        return lifecycle.end(run, workerId, ending);
    }

    @Override
    public void announced(Run run) {
        lifecycle.announced(run);
    }
}

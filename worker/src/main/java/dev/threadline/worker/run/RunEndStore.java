package dev.threadline.worker.run;

import java.util.Map;

import dev.threadline.common.run.RunEnding;
import dev.threadline.common.usage.ModelTokens;
import dev.threadline.model.run.Run;

/**
 * The store writes that end a run, made by the run lifecycle ({@link StoredRunEnds}); an interface so that
 * {@link RunFinisher} is tested without a store.
 */
interface RunEndStore {

    /** Finishes the answer, ends the run under this worker's lease and frees the thread; false when the lease was lost. */
    boolean end(Run run, String workerId, RunEnding ending);

    /** Records that the run's terminal event went out: the thread's next run may start. */
    void announced(Run run);

    /** Adds the run's tokens, by model, to its user's day in the usage ledger, at most once per run. */
    void recordUsage(Run run, Map<String, ModelTokens> byModel);
}

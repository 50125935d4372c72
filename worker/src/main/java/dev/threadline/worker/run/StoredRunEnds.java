package dev.threadline.worker.run;

import java.util.Map;

import dev.threadline.common.run.RunEnding;
import dev.threadline.common.run.RunLifecycle;
import dev.threadline.common.usage.ModelTokens;
import dev.threadline.common.usage.UsageLedger;
import dev.threadline.model.run.Run;
import org.springframework.stereotype.Component;

/** {@link RunEndStore} in MongoDB, through the run lifecycle and the usage ledger. */
@Component
class StoredRunEnds implements RunEndStore {

    private final RunLifecycle lifecycle;
    private final UsageLedger ledger;

    StoredRunEnds(RunLifecycle lifecycle, UsageLedger ledger) {
        this.lifecycle = lifecycle;
        this.ledger = ledger;
    }

    @Override
    public boolean end(Run run, String workerId, RunEnding ending) {
        return lifecycle.end(run, workerId, ending);
    }

    @Override
    public void announced(Run run) {
        lifecycle.announced(run);
    }

    /**
     * At most once per run: the run is marked as counted first, and only the write that set the mark adds
     * the tokens, on the UTC day the run ended. A redelivered or re-announced run therefore never counts
     * twice; a worker that dies between the mark and the addition loses that run's count — a ledger that
     * errs low rather than one that charges a user twice against the budget.
     */
    @Override
    public void recordUsage(Run run, Map<String, ModelTokens> byModel) {
        if (lifecycle.markUsageRecorded(run.id())) {
            ledger.record(run.userId(), ledger.today(), byModel);
        }
    }
}

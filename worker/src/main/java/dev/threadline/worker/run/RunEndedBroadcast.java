package dev.threadline.worker.run;

import dev.threadline.model.run.Run;

/** Tells every worker that a run's end was announced, so the runs queued behind it look again at once. */
interface RunEndedBroadcast {

    void ended(Run run);
}

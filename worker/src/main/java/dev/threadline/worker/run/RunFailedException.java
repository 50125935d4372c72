package dev.threadline.worker.run;

import dev.threadline.model.event.RunError;

/** Marks the observation of a run that ended with {@code run.failed}; never thrown. */
final class RunFailedException extends RuntimeException {

    RunFailedException(RunError error) {
        super(error.code() + ": " + error.message(), null, false, false);
    }
}

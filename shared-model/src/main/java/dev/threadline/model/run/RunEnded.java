package dev.threadline.model.run;

import java.time.Instant;

/**
 * Broadcast on {@code threadline.control} with the AMQP {@code type} {@value #TYPE} once a run's terminal
 * event is out: workers holding a later run of the thread check at once whether its turn has come.
 */
public record RunEnded(String threadId, String runId, long order, Instant at) {

    /** The AMQP {@code type} property that tells it from a {@link RunCancel}, which carries none. */
    public static final String TYPE = "run.ended";
}

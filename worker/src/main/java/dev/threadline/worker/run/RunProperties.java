package dev.threadline.worker.run;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param flushInterval how long later deltas are held to be coalesced (the first is sent at once) while this
 *        worker streams at most {@code quietRuns} answers; with more, the hold grows in proportion, up to
 *        {@code maxFlushInterval}, so a busy worker sends fewer, larger events
 * @param maxFlushInterval the longest hold, however busy the worker
 * @param quietRuns how many answers a worker streams at the plain {@code flushInterval}
 * @param flushChars a coalesced delta is sent as soon as it holds this many characters
 * @param checkpointInterval how often the answer so far is saved; the lease is renewed at these ticks once a third
 *        of it has passed
 * @param lease how long a worker's claim on a run lasts without renewal; a dead worker's run is taken over after it
 * @param predecessorPoll the longest a run waiting for an earlier run of its thread goes without checking again; it
 *        is woken when a run of its thread ends ({@code RunEnded} on the control exchange), so this is only the
 *        safety net for a missed wake-up (a lost message, a run cancelled while queued)
 * @param abandonedAfter a predecessor still queued this long after creation was never dispatched and is not waited for
 * @param historyRuns how many earlier runs of the thread the model sees
 * @param shutdownGrace how long shutdown waits for in-flight runs before handing them back to the queue
 * @param announceGrace how long an ended run may stay unannounced before another worker announces its end
 *        (its own worker announces within milliseconds unless it died)
 * @param republishInterval how often events the broker has not confirmed are tried again on a new channel while
 *        the broker is away
 * @param maxUnconfirmedEvents how many events one publishing lane keeps while the broker is away before publishers
 *        wait for it (eight lanes)
 * @param endConfirmTimeout how long a run's end waits for the broker to confirm its terminal event before the run's
 *        request is settled anyway; the end is announced whenever the confirmation comes
 * @param requeueDelay how long a request that could not be handled at all (the store did not answer) waits before it
 *        goes back to the queue
 */
@ConfigurationProperties("threadline.runs")
record RunProperties(@DefaultValue("25ms") Duration flushInterval,
        @DefaultValue("60ms") Duration maxFlushInterval,
        @DefaultValue("100") int quietRuns,
        @DefaultValue("512") int flushChars,
        @DefaultValue("1s") Duration checkpointInterval,
        @DefaultValue("15s") Duration lease,
        @DefaultValue("2s") Duration predecessorPoll,
        @DefaultValue("2m") Duration abandonedAfter,
        @DefaultValue("50") int historyRuns,
        @DefaultValue("20s") Duration shutdownGrace,
        @DefaultValue("5s") Duration announceGrace,
        @DefaultValue("250ms") Duration republishInterval,
        @DefaultValue("100000") int maxUnconfirmedEvents,
        @DefaultValue("30s") Duration endConfirmTimeout,
        @DefaultValue("1s") Duration requeueDelay) {

    /** The hold of coalesced deltas while {@code streaming} answers are being written by this worker. */
    long flushIntervalNanos(int streaming) {
        long quiet = flushInterval.toNanos();
        if (streaming <= quietRuns || quiet == 0) {
            return quiet;
        }
        return Math.min(Math.max(quiet, maxFlushInterval.toNanos()), quiet * streaming / Math.max(1, quietRuns));
    }
}

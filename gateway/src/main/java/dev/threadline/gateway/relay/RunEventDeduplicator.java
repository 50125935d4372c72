package dev.threadline.gateway.relay;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.threadline.common.broker.AmqpJson;
import org.springframework.amqp.core.MessageProperties;

/**
 * Keeps the relay's promise that a run's events reach subscribers once, in {@code seq} order: an event of
 * an older attempt, or one whose {@code seq} was already relayed (a worker re-announcing the end of a
 * run whose first worker died mid-announcement), is dropped. Remembers the most recent runs only.
 */
final class RunEventDeduplicator {

    private static final int REMEMBERED_RUNS = 100_000;

    private final Map<String, long[]> lastByRun = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > REMEMBERED_RUNS;
        }
    };

    /** True when the event should be relayed; events without run headers always are. */
    synchronized boolean firstTime(MessageProperties properties) {
        Object run = properties.getHeader(AmqpJson.RUN_HEADER);
        Object attempt = properties.getHeader(AmqpJson.ATTEMPT_HEADER);
        Object seq = properties.getHeader(AmqpJson.SEQ_HEADER);
        if (!(run instanceof String runId) || !(attempt instanceof Number a) || !(seq instanceof Number s)) {
            return true;
        }
        long[] last = lastByRun.get(runId);
        if (last != null && (a.longValue() < last[0] || a.longValue() == last[0] && s.longValue() <= last[1])) {
            return false;
        }
        lastByRun.put(runId, new long[] { a.longValue(), s.longValue() });
        return true;
    }
}

package dev.threadline.bench;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/** A thread-safe latency recorder in microseconds (HdrHistogram), read as milliseconds. */
final class Latencies {

    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);

    void record(long micros) {
        recorder.recordValue(Math.max(0, micros));
    }

    /** Everything recorded so far. */
    synchronized Histogram histogram() {
        total.add(recorder.getIntervalHistogram());
        return total;
    }

    long count() {
        return histogram().getTotalCount();
    }

    double percentileMillis(double percentile) {
        return histogram().getValueAtPercentile(percentile) / 1000.0;
    }

    String summary() {
        Histogram h = histogram();
        return h.getTotalCount() == 0 ? "n/a" : "p50 %.1f ms, p99 %.1f ms (n=%d)".formatted(
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0, h.getTotalCount());
    }
}

package dev.threadline.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** CPU use (as a share of one core) and peak RSS of each process over a measurement window. */
final class ResourceMeter implements AutoCloseable {

    /** One process over the window: CPU in percent of one core and in seconds, peak RSS in MiB. */
    record Usage(double cpuPercent, double cpuSeconds, double peakRssMiB) {

        /** CPU microseconds per unit of work done in the window (a token, an event). */
        double microsPer(long units) {
            return units == 0 ? 0 : cpuSeconds * 1e6 / units;
        }
    }

    private final Map<String, ProcessStats> processes;
    private final Map<String, Double> cpuAtStart = new LinkedHashMap<>();
    private final Map<String, Long> peakRss = new LinkedHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("resource-meter").factory());
    private final long startNanos = System.nanoTime();

    ResourceMeter(Map<String, ProcessStats> processes) {
        this.processes = processes;
        processes.forEach((name, stats) -> cpuAtStart.put(name, stats.cpuSeconds()));
        sampler.scheduleAtFixedRate(this::sample, 0, 250, TimeUnit.MILLISECONDS);
    }

    private synchronized void sample() {
        processes.forEach((name, stats) -> peakRss.merge(name, stats.rssBytes(), Math::max));
    }

    /** Usage per process from the start of the window until now. */
    synchronized Map<String, Usage> usage() {
        sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Usage> usage = new LinkedHashMap<>();
        processes.forEach((name, stats) -> {
            double cpu = stats.cpuSeconds() - cpuAtStart.get(name);
            usage.put(name, new Usage(100 * cpu / seconds, cpu, peakRss.get(name) / 1048576.0));
        });
        return usage;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}

package dev.threadline.worker.broker;

import dev.threadline.model.Topology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.QueueInformation;
import org.springframework.stereotype.Component;

/**
 * {@code threadline.runs.queue.depth}: the run requests waiting in {@code threadline.runs}, read from the
 * broker when scraped (the figure an autoscaler such as KEDA scales workers on); NaN while the broker is
 * unreachable.
 */
@Component
class RunQueueDepth {

    RunQueueDepth(MeterRegistry registry, AmqpAdmin admin) {
        Gauge.builder("threadline.runs.queue.depth", admin, RunQueueDepth::depth)
                .description("Run requests waiting in " + Topology.RUNS_QUEUE).register(registry);
    }

    private static double depth(AmqpAdmin admin) {
        try {
            QueueInformation queue = admin.getQueueInfo(Topology.RUNS_QUEUE);
            return queue == null ? Double.NaN : queue.getMessageCount();
        }
        catch (RuntimeException unreachable) {
            return Double.NaN;
        }
    }
}

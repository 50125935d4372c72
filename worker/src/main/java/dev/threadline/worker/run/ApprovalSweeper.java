package dev.threadline.worker.run;

import java.time.Instant;
import java.util.List;

import dev.threadline.common.broker.AmqpJson;
import dev.threadline.common.run.RunLifecycle;
import dev.threadline.model.Topology;
import dev.threadline.model.run.Run;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Moves waiting runs on when no person does (PROTOCOL.md §13): an approval nobody answered in time is decided as a
 * denial, and a run that can continue but that no worker took up (its request to continue was lost, or is new) gets
 * a request enqueued; what runs of deleted threads kept while they waited is removed. Every worker sweeps; the store's conditional updates let only one act on each run.
 */
@Component
@ConditionalOnProperty(name = "threadline.cli.active", havingValue = "false", matchIfMissing = true)
class ApprovalSweeper {

    private static final Logger log = LoggerFactory.getLogger(ApprovalSweeper.class);

    private final RunLifecycle lifecycle;
    private final RabbitTemplate rabbit;
    private final AmqpJson json;
    private final ApprovalProperties properties;
    private final ApprovalPauses pauses;

    ApprovalSweeper(RunLifecycle lifecycle, RabbitTemplate rabbit, AmqpJson json, ApprovalProperties properties,
            ApprovalPauses pauses) {
        this.pauses = pauses;
        this.lifecycle = lifecycle;
        this.rabbit = rabbit;
        this.json = json;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${threadline.approvals.sweep-interval:5s}",
            initialDelayString = "${threadline.approvals.sweep-interval:5s}")
    void sweep() {
        try {
            Instant now = Instant.now();
            List<Run> timedOut = lifecycle.timeOutApprovals(now);
            timedOut.forEach(run -> log.info("Approval of {} in run {} timed out: denied", run.approval().tool(),
                    run.id()));
            timedOut.forEach(this::dispatch);
            lifecycle.stalledContinuations(now.minus(properties.redispatchAfter())).forEach(this::dispatch);
            pauses.forgetStale(now);
        }
        catch (RuntimeException ex) {
            log.warn("Could not sweep the runs waiting for approval: {}", ex.toString());
        }
    }

    private void dispatch(Run run) {
        try {
            rabbit.send(Topology.REQUESTS_EXCHANGE, Topology.RUNS_ROUTING_KEY, json.persistent(run.toRequest()));
        }
        catch (AmqpException ex) {
            log.warn("Could not enqueue run {} to continue ({}); trying again later", run.id(), ex.getMessage());
        }
    }
}

package dev.threadline.gateway.dispatch;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.common.broker.AmqpJson;
import dev.threadline.model.Topology;
import dev.threadline.model.event.ThreadEvent;
import dev.threadline.model.run.RunCancel;
import dev.threadline.model.run.RunEnded;
import dev.threadline.model.run.RunRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes to the broker. A run request is persistent, mandatory and confirmed: {@link #dispatch} returns
 * only once the broker has taken responsibility for it, so a client's 202 or RECEIPT means durable.
 */
@Component
public class RunDispatcher {

    private static final Logger log = LoggerFactory.getLogger(RunDispatcher.class);

    private final RabbitTemplate rabbit;
    private final AmqpJson json;
    private final DispatchProperties properties;

    RunDispatcher(RabbitTemplate rabbit, AmqpJson json, DispatchProperties properties) {
        this.rabbit = rabbit;
        this.json = json;
        this.properties = properties;
    }

    /**
     * Publishes the events announcing a run and then the run request, on one channel so subscribers see
     * the announcement before anything the worker publishes; waits for the broker's confirm.
     */
    public void dispatch(List<ThreadEvent> announcements, RunRequest request) {
        CorrelationData correlation = new CorrelationData(request.runId());
        try {
            rabbit.invoke(operations -> {
                announcements.forEach(event -> operations.send(Topology.EVENTS_EXCHANGE,
                        Topology.threadRoutingKey(event.threadId()), json.event(event)));
                operations.send(Topology.REQUESTS_EXCHANGE, Topology.RUNS_ROUTING_KEY, json.persistent(request),
                        correlation);
                return null;
            });
            awaitConfirm(correlation);
        }
        catch (AmqpException ex) {
            throw ThreadlineException.unavailable("The message broker is unavailable; retry later");
        }
    }

    /**
     * Enqueues a run that waited for an approval to continue (PROTOCOL.md §13); false when the broker did not take
     * the request. The run's new state is already in the store, so the workers' sweep enqueues it later then.
     */
    public boolean continueWaiting(RunRequest request) {
        try {
            dispatch(List.of(), request);
            return true;
        }
        catch (ThreadlineException brokerAway) {
            log.warn("Run {} was not enqueued to continue ({}); the workers' sweep enqueues it", request.runId(),
                    brokerAway.getMessage());
            return false;
        }
    }

    public void publish(ThreadEvent event) {
        rabbit.send(Topology.EVENTS_EXCHANGE, Topology.threadRoutingKey(event.threadId()), json.event(event));
    }

    /**
     * Tells the workers that a run ended without them (cancelled while queued), so a later run of its thread
     * waiting for it starts at once. Best effort: a worker that misses it notices the end by polling.
     */
    public void ended(RunEnded ended) {
        try {
            rabbit.send(Topology.CONTROL_EXCHANGE, "", json.runEnded(ended));
        }
        catch (AmqpException ex) {
            log.warn("Could not broadcast the end of run {}: {}", ended.runId(), ex.getMessage());
        }
    }

    public void cancel(RunCancel cancel) {
        rabbit.send(Topology.CONTROL_EXCHANGE, "", json.transientMessage(cancel));
    }

    private void awaitConfirm(CorrelationData correlation) {
        try {
            CorrelationData.Confirm confirm = correlation.getFuture()
                    .get(properties.confirmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!confirm.ack() || correlation.getReturned() != null) {
                throw ThreadlineException.unavailable("The broker did not accept the run request; retry later");
            }
        }
        catch (TimeoutException | ExecutionException ex) {
            throw ThreadlineException.unavailable("The broker did not confirm the run request; retry later");
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw ThreadlineException.unavailable("Interrupted while dispatching the run");
        }
    }
}

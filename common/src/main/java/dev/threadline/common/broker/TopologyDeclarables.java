package dev.threadline.common.broker;

import java.util.HashMap;
import java.util.Map;

import dev.threadline.model.Topology;

import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.TopicExchange;

/**
 * The durable topology of PROTOCOL.md §6, declared identically by gateways and workers. On RabbitMQ the
 * runs queue dead-letters to {@value Topology#DEAD_LETTER_QUEUE} and may be a quorum queue; brokers that
 * reject RabbitMQ's queue arguments (the embedded broker of the local mode) get the plain queue.
 */
public final class TopologyDeclarables {

    private TopologyDeclarables() {
    }

    /**
     * @param rabbitMqExtensions whether the broker understands {@code x-dead-letter-exchange} and {@code x-queue-type}
     * @param queueType {@code quorum} or {@code classic} (RabbitMQ only)
     */
    public static Declarables create(boolean rabbitMqExtensions, String queueType) {
        DirectExchange requests = new DirectExchange(Topology.REQUESTS_EXCHANGE, true, false);
        TopicExchange events = new TopicExchange(Topology.EVENTS_EXCHANGE, true, false);
        FanoutExchange control = new FanoutExchange(Topology.CONTROL_EXCHANGE, true, false);
        Map<String, Object> arguments = new HashMap<>();
        if (rabbitMqExtensions) {
            arguments.put("x-dead-letter-exchange", Topology.DEAD_LETTER_EXCHANGE);
            arguments.put("x-dead-letter-routing-key", Topology.DEAD_LETTER_QUEUE);
            arguments.put("x-queue-type", queueType);
        }
        Queue runs = new Queue(Topology.RUNS_QUEUE, true, false, false, arguments);
        Binding runsBinding = BindingBuilder.bind(runs).to(requests).with(Topology.RUNS_ROUTING_KEY);
        if (!rabbitMqExtensions) {
            return new Declarables(requests, events, control, runs, runsBinding);
        }
        DirectExchange deadLetters = new DirectExchange(Topology.DEAD_LETTER_EXCHANGE, true, false);
        Queue deadLetterQueue = new Queue(Topology.DEAD_LETTER_QUEUE, true);
        return new Declarables(requests, events, control, runs, runsBinding, deadLetters, deadLetterQueue,
                BindingBuilder.bind(deadLetterQueue).to(deadLetters).with(Topology.DEAD_LETTER_QUEUE));
    }
}

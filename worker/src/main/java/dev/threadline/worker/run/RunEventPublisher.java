package dev.threadline.worker.run;

import dev.threadline.model.AmqpJson;
import dev.threadline.model.Topology;
import dev.threadline.model.event.ThreadEvent;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/** Publishes thread events to {@code threadline.events} with routing key {@code thread.<threadId>}. */
@Component
class RunEventPublisher {

    private final RabbitTemplate rabbit;
    private final AmqpJson json;

    RunEventPublisher(RabbitTemplate rabbit, AmqpJson json) {
        this.rabbit = rabbit;
        this.json = json;
    }

    void publish(ThreadEvent event) {
        rabbit.send(Topology.EVENTS_EXCHANGE, Topology.threadRoutingKey(event.threadId()), json.event(event));
    }
}

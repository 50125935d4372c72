package dev.threadline.worker.run;

import java.time.Instant;

import dev.threadline.common.broker.AmqpJson;
import dev.threadline.model.Topology;
import dev.threadline.model.run.Run;
import dev.threadline.model.run.RunEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@link RunEnded} on the control exchange. Best effort: a lost message costs the waiting runs
 * one {@code predecessorPoll}, never their order, so a broker failure here is logged, not thrown.
 */
@Component
class ControlPublisher implements RunEndedBroadcast {

    private static final Logger log = LoggerFactory.getLogger(ControlPublisher.class);

    private final RabbitTemplate rabbit;
    private final AmqpJson json;

    ControlPublisher(RabbitTemplate rabbit, AmqpJson json) {
        this.rabbit = rabbit;
        this.json = json;
    }

    @Override
    public void ended(Run run) {
        Message message = json.runEnded(new RunEnded(run.threadId(), run.id(), run.order(), Instant.now()));
        try {
            rabbit.send(Topology.CONTROL_EXCHANGE, "", message);
        }
        catch (AmqpException ex) {
            log.warn("Could not broadcast the end of run {}: {}; later runs of its thread notice it by polling",
                    run.id(), ex.getMessage());
        }
    }
}

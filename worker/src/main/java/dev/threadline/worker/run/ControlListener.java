package dev.threadline.worker.run;

import dev.threadline.common.broker.AmqpJson;
import dev.threadline.model.run.RunCancel;
import dev.threadline.model.run.RunEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/**
 * This worker's queue on the control exchange. A message typed {@value RunEnded#TYPE} wakes the runs
 * waiting for an earlier run of that thread; any other is a {@link RunCancel} (gateways send it without a
 * type) and stops the run if this worker is executing it.
 */
@Component
class ControlListener {

    private static final Logger log = LoggerFactory.getLogger(ControlListener.class);

    private final ActiveRuns active;
    private final TurnSignals turns;
    private final AmqpJson json;

    ControlListener(ActiveRuns active, TurnSignals turns, AmqpJson json) {
        this.active = active;
        this.turns = turns;
        this.json = json;
    }

    @RabbitListener(queues = "#{controlQueue.name}")
    void onControl(Message message) {
        try {
            if (RunEnded.TYPE.equals(message.getMessageProperties().getType())) {
                turns.wake(json.read(message, RunEnded.class).threadId());
                return;
            }
            RunCancel cancel = json.read(message, RunCancel.class);
            if (active.cancel(cancel.runId())) {
                log.info("Cancelling run {} of thread {}", cancel.runId(), cancel.threadId());
            }
        }
        catch (RuntimeException ex) {
            log.warn("Ignoring an unreadable control message: {}", ex.getMessage());
        }
    }
}

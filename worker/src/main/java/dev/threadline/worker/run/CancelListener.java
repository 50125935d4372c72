package dev.threadline.worker.run;

import dev.threadline.common.broker.AmqpJson;
import dev.threadline.model.run.RunCancel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.stereotype.Component;

/** Stops a run this worker is executing when a cancel for it arrives on the control exchange. */
@Component
class CancelListener {

    private static final Logger log = LoggerFactory.getLogger(CancelListener.class);

    private final ActiveRuns active;
    private final AmqpJson json;

    CancelListener(ActiveRuns active, AmqpJson json) {
        this.active = active;
        this.json = json;
    }

    @RabbitListener(queues = "#{controlQueue.name}")
    void onControl(Message message) {
        try {
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

package dev.threadline.worker.run;

import java.io.IOException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ShutdownSignalException;
import dev.threadline.common.broker.AmqpJson;
import dev.threadline.model.Topology;
import dev.threadline.model.event.ThreadEvent;
import org.jspecify.annotations.Nullable;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.support.DefaultMessagePropertiesConverter;
import org.springframework.amqp.rabbit.support.MessagePropertiesConverter;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Publishes thread events to {@code threadline.events} with routing key {@code thread.<threadId>}.
 * RabbitMQ keeps order only within a channel, so every thread's events go through one of a few
 * <em>lanes</em> — a channel and the lock that serializes it — chosen by thread id: a run's events
 * arrive in {@code seq} order, and a run's end before the next run's start. The caller publishes on its
 * own thread (a token's event costs a socket write, not a hand-off to another thread and back); when
 * {@link #publish} returns, the event has been written to the broker connection.
 */
@Component
class RunEventPublisher implements DisposableBean {

    private static final int LANES = 8;

    private final ConnectionFactory connectionFactory;
    private final AmqpJson json;
    private final MessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();
    private final ReentrantLock[] locks = new ReentrantLock[LANES];
    private final @Nullable Channel[] channels = new Channel[LANES];

    RunEventPublisher(ConnectionFactory connectionFactory, AmqpJson json) {
        this.connectionFactory = connectionFactory;
        this.json = json;
        for (int i = 0; i < LANES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    void publish(ThreadEvent event) {
        Message message = json.event(event);
        AMQP.BasicProperties basic = properties.fromMessageProperties(message.getMessageProperties(), "UTF-8");
        int lane = Math.floorMod(event.threadId().hashCode(), LANES);
        locks[lane].lock();
        try {
            channel(lane).basicPublish(Topology.EVENTS_EXCHANGE, Topology.threadRoutingKey(event.threadId()), false,
                    basic, message.getBody());
        }
        catch (IOException | AmqpException | ShutdownSignalException ex) {
            closeQuietly(lane);
            throw new IllegalStateException("Could not publish an event: " + ex.getMessage(), ex);
        }
        finally {
            locks[lane].unlock();
        }
    }

    private Channel channel(int lane) {
        Channel channel = channels[lane];
        if (channel == null || !channel.isOpen()) {
            channel = connectionFactory.createConnection().createChannel(false);
            channels[lane] = channel;
        }
        return channel;
    }

    private void closeQuietly(int lane) {
        Channel channel = channels[lane];
        channels[lane] = null;
        if (channel != null) {
            try {
                channel.close();
            }
            catch (IOException | TimeoutException | RuntimeException ignored) {
                // replaced on the next publish
            }
        }
    }

    @Override
    public void destroy() {
        for (int lane = 0; lane < LANES; lane++) {
            locks[lane].lock();
            try {
                closeQuietly(lane);
            }
            finally {
                locks[lane].unlock();
            }
        }
    }
}

package dev.threadline.worker.run;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import dev.threadline.model.AmqpJson;
import dev.threadline.model.Topology;
import dev.threadline.model.event.ThreadEvent;
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
 * <em>lanes</em> — a single publishing thread with its own channel — chosen by thread id: a run's events
 * arrive in {@code seq} order, and a run's end before the next run's start.
 */
@Component
class RunEventPublisher implements DisposableBean {

    private static final int LANES = 4;

    private final ConnectionFactory connectionFactory;
    private final AmqpJson json;
    private final MessagePropertiesConverter properties = new DefaultMessagePropertiesConverter();
    private final ExecutorService[] lanes = new ExecutorService[LANES];
    private final Channel[] channels = new Channel[LANES];

    RunEventPublisher(ConnectionFactory connectionFactory, AmqpJson json) {
        this.connectionFactory = connectionFactory;
        this.json = json;
        for (int i = 0; i < LANES; i++) {
            lanes[i] = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("event-lane-" + i).daemon().factory());
        }
    }

    void publish(ThreadEvent event) {
        int lane = Math.floorMod(event.threadId().hashCode(), LANES);
        Future<?> sent = lanes[lane].submit(() -> send(lane, event));
        try {
            sent.get(10, TimeUnit.SECONDS);
        }
        catch (ExecutionException ex) {
            throw ex.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(ex.getCause());
        }
        catch (TimeoutException ex) {
            throw new IllegalStateException("Publishing an event took longer than 10 s", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while publishing an event", ex);
        }
    }

    private void send(int lane, ThreadEvent event) {
        Message message = json.event(event);
        AMQP.BasicProperties basic = properties.fromMessageProperties(message.getMessageProperties(), "UTF-8");
        try {
            channel(lane).basicPublish(Topology.EVENTS_EXCHANGE, Topology.threadRoutingKey(event.threadId()), false, basic,
                    message.getBody());
        }
        catch (IOException | AmqpException ex) {
            closeQuietly(lane);
            throw new IllegalStateException("Could not publish an event: " + ex.getMessage(), ex);
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
        for (int i = 0; i < LANES; i++) {
            int lane = i;
            lanes[i].submit(() -> closeQuietly(lane));
            lanes[i].shutdown();
        }
    }
}

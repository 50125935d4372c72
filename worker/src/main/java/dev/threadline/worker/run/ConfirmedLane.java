package dev.threadline.worker.run;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownSignalException;
import dev.threadline.model.Topology;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.AmqpException;
import org.springframework.amqp.rabbit.connection.ChannelProxy;

/**
 * One channel in confirm mode, and every event written to it that the broker has not confirmed yet. When
 * the channel breaks (the broker restarts, the connection drops, the broker nacks), those events and
 * everything published meanwhile wait in a backlog and are written again, in their order, on a new
 * channel as soon as one opens. An event can so reach the broker twice; the gateway's relay drops repeats
 * by run, attempt and {@code seq}. Publishing never fails: it waits only when the backlog is full.
 */
final class ConfirmedLane {

    private static final Logger log = LoggerFactory.getLogger(ConfirmedLane.class);

    private final Supplier<Channel> channels;
    private final ScheduledExecutorService recovery;
    private final Duration retryInterval;
    private final int maxBacklog;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition room = lock.newCondition();
    private final ArrayDeque<OutgoingEvent> backlog = new ArrayDeque<>();
    private final AtomicBoolean recoveryScheduled = new AtomicBoolean();
    private @Nullable Generation current;

    ConfirmedLane(Supplier<Channel> channels, ScheduledExecutorService recovery, Duration retryInterval,
            int maxBacklog) {
        this.channels = channels;
        this.recovery = recovery;
        this.retryInterval = retryInterval;
        this.maxBacklog = maxBacklog;
    }

    void publish(OutgoingEvent event) {
        lock.lock();
        try {
            while (backlog.size() >= maxBacklog) {
                room.awaitUninterruptibly();
            }
            if (!backlog.isEmpty()) {
                backlog.addLast(event);
                recoverLater();
                return;
            }
            if (!write(event)) {
                backlog.addLast(event);
                recoverLater();
            }
        }
        finally {
            lock.unlock();
        }
    }

    /** Events written but not confirmed, plus those waiting for a channel. */
    int unconfirmed() {
        lock.lock();
        try {
            Generation generation = current;
            return backlog.size() + (generation == null ? 0 : generation.unconfirmed.size());
        }
        finally {
            lock.unlock();
        }
    }

    /** Writes the backlog on a fresh channel, if the current one broke; tries again later while it cannot. */
    void recover() {
        recoveryScheduled.set(false);
        lock.lock();
        try {
            resend();
        }
        catch (RuntimeException ex) {
            log.warn("Could not publish waiting events yet: {}", ex.getMessage());
            recoverLater();
        }
        finally {
            lock.unlock();
        }
    }

    private void resend() {
        Generation generation = current;
        if (generation != null && (generation.nacked || !generation.channel.isOpen())) {
            abandon(generation);
        }
        while (!backlog.isEmpty()) {
            if (!write(backlog.peekFirst())) {
                recoverLater();
                return;
            }
            backlog.pollFirst();
        }
        room.signalAll();
    }

    void close() {
        lock.lock();
        try {
            Generation generation = current;
            current = null;
            if (generation != null) {
                closeQuietly(generation.channel);
            }
        }
        finally {
            lock.unlock();
        }
    }

    /** Writes one event on the current channel, opening one if needed; false (the channel abandoned) when it failed. */
    private boolean write(OutgoingEvent event) {
        Generation generation = current;
        long tag = -1;
        try {
            if (generation == null) {
                generation = open();
            }
            tag = generation.channel.getNextPublishSeqNo();
            generation.unconfirmed.put(tag, event);
            generation.channel.basicPublish(Topology.EVENTS_EXCHANGE, event.routingKey(), false, event.properties(),
                    event.body());
            return true;
        }
        catch (IOException | AmqpException | ShutdownSignalException ex) {
            log.debug("Could not publish an event, keeping it for the next channel: {}", ex.getMessage());
            if (generation != null) {
                generation.unconfirmed.remove(tag);
                abandon(generation);
            }
            return false;
        }
    }

    /**
     * A channel of its own, in confirm mode. The physical channel, not the connection factory's proxy: a
     * proxy whose channel broke would silently open a new one, without confirms, on the next call.
     */
    private Generation open() throws IOException {
        Channel proxy = channels.get();
        Channel channel = proxy instanceof ChannelProxy cached ? cached.getTargetChannel() : proxy;
        channel.confirmSelect();
        Generation generation = new Generation(channel);
        channel.addConfirmListener(generation);
        channel.addShutdownListener(cause -> recoverLater());
        current = generation;
        return generation;
    }

    /** Puts the channel's unconfirmed events back at the head of the backlog, in their order, and drops the channel. */
    private void abandon(Generation generation) {
        List<OutgoingEvent> resend = new ArrayList<>(generation.unconfirmed.values());
        generation.unconfirmed.clear();
        for (int i = resend.size() - 1; i >= 0; i--) {
            backlog.addFirst(resend.get(i));
        }
        if (current == generation) {
            current = null;
        }
        closeQuietly(generation.channel);
        if (!resend.isEmpty()) {
            log.info("Publishing {} unconfirmed events again on a new channel", resend.size());
        }
    }

    private void recoverLater() {
        if (recoveryScheduled.compareAndSet(false, true)) {
            try {
                recovery.schedule(this::recover, retryInterval.toNanos(), TimeUnit.NANOSECONDS);
            }
            catch (RejectedExecutionException stopping) {
                recoveryScheduled.set(false);
            }
        }
    }

    private static void closeQuietly(Channel channel) {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        }
        catch (IOException | TimeoutException | RuntimeException ignored) {
            // already gone
        }
    }

    /** An event as written to the broker, and the future its confirmation completes. */
    record OutgoingEvent(String routingKey, AMQP.BasicProperties properties, byte[] body,
            CompletableFuture<Void> confirmed) {
    }

    /** One channel and the events written to it, by delivery tag, not yet confirmed. */
    private final class Generation implements ConfirmListener {

        private final Channel channel;
        private final NavigableMap<Long, OutgoingEvent> unconfirmed = new ConcurrentSkipListMap<>();
        private volatile boolean nacked;

        Generation(Channel channel) {
            this.channel = channel;
        }

        @Override
        public void handleAck(long deliveryTag, boolean multiple) {
            if (multiple) {
                NavigableMap<Long, OutgoingEvent> confirmed = unconfirmed.headMap(deliveryTag, true);
                confirmed.values().forEach(event -> event.confirmed().complete(null));
                confirmed.clear();
            }
            else {
                OutgoingEvent event = unconfirmed.remove(deliveryTag);
                if (event != null) {
                    event.confirmed().complete(null);
                }
            }
        }

        @Override
        public void handleNack(long deliveryTag, boolean multiple) {
            nacked = true;
            recoverLater();
        }
    }
}

package dev.threadline.gateway.relay;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.threadline.gateway.stomp.Destinations;
import dev.threadline.common.broker.AmqpJson;
import dev.threadline.gateway.stomp.ThreadSubscriptionListener;
import dev.threadline.model.Topology;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.TopicExchange;
import org.springframework.amqp.rabbit.annotation.RabbitListener;
import org.springframework.amqp.rabbit.connection.Connection;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionListener;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.messaging.SessionDisconnectEvent;
import org.springframework.web.socket.messaging.SessionUnsubscribeEvent;

/**
 * Relays thread events from the {@code threadline.events} topic exchange to this gateway's STOMP
 * subscribers. The routing key {@code thread.<id>} of a thread is bound to this gateway's queue before
 * the first local session's subscription takes effect, and unbound after the last one leaves — one
 * thread at a time in the background, so thousands of sessions dropping at once cost a queue of unbinds,
 * not thousands of broker channels; an unbind finds a thread subscribed again meanwhile and leaves it.
 * The queue and its bindings are durable, so they survive a broker restart; they are declared again
 * whenever the broker connection comes back (the queue may have expired during a long outage). Event
 * bodies are forwarded as the bytes the worker wrote.
 */
@Component
public class ThreadEventRelay implements ThreadSubscriptionListener, ConnectionListener, DisposableBean {

    /** The id of the relay's listener container in the {@code RabbitListenerEndpointRegistry}. */
    public static final String RELAY_LISTENER = "threadline-relay";

    private static final Logger log = LoggerFactory.getLogger(ThreadEventRelay.class);

    private final AmqpAdmin admin;
    private final Queue queue;
    private final ObjectProvider<SimpMessagingTemplate> messaging;
    private final TopicExchange events = new TopicExchange(Topology.EVENTS_EXCHANGE, true, false);
    private final RunEventDeduplicator deduplicator = new RunEventDeduplicator();
    private final Map<String, Integer> subscribersByThread = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> threadBySubscriptionBySession = new ConcurrentHashMap<>();
    private final ExecutorService unbinder = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("relay-unbinder").daemon().factory());

    private final Timer lag;

    ThreadEventRelay(AmqpAdmin admin, Queue relayQueue, ObjectProvider<SimpMessagingTemplate> messaging,
            ConnectionFactory connectionFactory, MeterRegistry registry) {
        this.admin = admin;
        this.queue = relayQueue;
        this.messaging = messaging;
        this.lag = Timer.builder("threadline.relay.lag")
                .description("From the worker publishing an event to the gateway handing it to its subscribers")
                .publishPercentiles(0.5, 0.99).register(registry);
        connectionFactory.addConnectionListener(this);
        Gauge.builder("threadline.relay.threads", subscribersByThread, Map::size)
                .description("Threads this gateway relays events of (one binding each)").register(registry);
    }

    /** Records a session's subscription to a thread, binding the thread first if it is new here. */
    @Override
    public void subscribing(@Nullable String sessionId, @Nullable String subscriptionId, String threadId) {
        if (sessionId == null || subscriptionId == null) {
            return;
        }
        String previous = threadBySubscriptionBySession.computeIfAbsent(sessionId, key -> new ConcurrentHashMap<>())
                .put(subscriptionId, threadId);
        subscribersByThread.compute(threadId, (key, count) -> {
            if (count == null) {
                admin.declareBinding(binding(threadId));
                return 1;
            }
            return count + 1;
        });
        if (previous != null) {
            release(previous);
        }
    }

    @EventListener
    void onUnsubscribe(SessionUnsubscribeEvent event) {
        SimpMessageHeaderAccessor accessor = SimpMessageHeaderAccessor.wrap(event.getMessage());
        Map<String, String> subscriptions = accessor.getSessionId() == null ? null
                : threadBySubscriptionBySession.get(accessor.getSessionId());
        String threadId = subscriptions == null || accessor.getSubscriptionId() == null ? null
                : subscriptions.remove(accessor.getSubscriptionId());
        if (threadId != null) {
            release(threadId);
        }
    }

    @EventListener
    void onDisconnect(SessionDisconnectEvent event) {
        Map<String, String> subscriptions = threadBySubscriptionBySession.remove(event.getSessionId());
        if (subscriptions != null) {
            subscriptions.values().forEach(this::release);
        }
    }

    /** The threads bound here now, with their local subscription counts. */
    public Map<String, Integer> boundThreads() {
        return Map.copyOf(subscribersByThread);
    }

    @RabbitListener(id = RELAY_LISTENER, queues = "#{relayQueue.name}", concurrency = "1")
    void relay(org.springframework.amqp.core.Message event) {
        String threadId = Topology.threadIdOf(event.getMessageProperties().getReceivedRoutingKey());
        if (threadId == null || !deduplicator.firstTime(event.getMessageProperties())) {
            return;
        }
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create();
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        headers.setLeaveMutable(true);
        messaging.getObject().send(Destinations.threadTopic(threadId),
                MessageBuilder.createMessage(event.getBody(), headers.getMessageHeaders()));
        if (event.getMessageProperties().getHeader(AmqpJson.PUBLISHED_AT_HEADER) instanceof Long publishedAt) {
            lag.record(Math.max(0, System.currentTimeMillis() - publishedAt), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onCreate(Connection connection) {
        Set<String> threads = Set.copyOf(subscribersByThread.keySet());
        if (threads.isEmpty()) {
            return;
        }
        try {
            admin.declareQueue(queue);
            threads.forEach(threadId -> admin.declareBinding(binding(threadId)));
            log.info("Restored {} thread bindings on the new broker connection", threads.size());
        }
        catch (RuntimeException ex) {
            log.warn("Could not restore thread bindings: {}", ex.getMessage());
        }
    }

    private void release(String threadId) {
        if (subscribersByThread.computeIfPresent(threadId, (key, count) -> count > 1 ? count - 1 : null) == null) {
            unbinder.execute(() -> unbindIfUnwatched(threadId));
        }
    }

    private void unbindIfUnwatched(String threadId) {
        subscribersByThread.compute(threadId, (key, count) -> {
            if (count == null) {
                try {
                    admin.removeBinding(binding(threadId));
                }
                catch (RuntimeException ex) {
                    log.debug("Could not unbind thread {}: {}", threadId, ex.getMessage());
                }
            }
            return count;
        });
    }

    /** A gateway that stops cleanly takes its queue with it; a crashed one's queue expires. */
    @Override
    public void destroy() {
        unbinder.shutdownNow();
        try {
            admin.deleteQueue(queue.getName());
        }
        catch (RuntimeException ex) {
            log.debug("Could not delete the relay queue {}: {}", queue.getName(), ex.getMessage());
        }
    }

    private Binding binding(String threadId) {
        return BindingBuilder.bind(queue).to(events).with(Topology.threadRoutingKey(threadId));
    }
}

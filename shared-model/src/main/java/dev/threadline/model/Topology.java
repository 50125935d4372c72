package dev.threadline.model;

/** Names of the RabbitMQ exchanges, queues and routing keys shared by gateways and workers (PROTOCOL.md §6). */
public final class Topology {

    public static final String REQUESTS_EXCHANGE = "threadline.requests";
    public static final String RUNS_QUEUE = "threadline.runs";
    public static final String RUNS_ROUTING_KEY = "run";
    public static final String DEAD_LETTER_EXCHANGE = "threadline.runs.dlx";
    public static final String DEAD_LETTER_QUEUE = "threadline.runs.dlq";
    public static final String EVENTS_EXCHANGE = "threadline.events";
    public static final String CONTROL_EXCHANGE = "threadline.control";

    private static final String THREAD_KEY_PREFIX = "thread.";

    private Topology() {
    }

    public static String threadRoutingKey(String threadId) {
        return THREAD_KEY_PREFIX + threadId;
    }

    /** The thread id of a routing key made by {@link #threadRoutingKey}, or null for any other key. */
    public static @org.jspecify.annotations.Nullable String threadIdOf(String routingKey) {
        return routingKey.startsWith(THREAD_KEY_PREFIX) ? routingKey.substring(THREAD_KEY_PREFIX.length()) : null;
    }
}

package dev.threadline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;

import dev.threadline.model.Topology;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds load on a {@link Stack}: users with a thread each (created over REST), one STOMP connection per
 * conversation subscribed to its thread, and the fake model's script of timestamped tokens.
 */
final class Load implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int CONNECTS_AT_ONCE = 100;
    private static final int SOCKETS_PER_CLIENT = 500;
    private static final String QUESTION = "{\"content\":\"What should I wear to a job interview?\"}";

    private final Stack stack;
    private final HttpClient rest = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
    private final List<HttpClient> socketClients = new ArrayList<>();
    private final ExecutorService callbacks = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<Conversation, StompConnection> connections = new ConcurrentHashMap<>();

    Load(Stack stack) {
        this.stack = stack;
    }

    /** The model answers every request with {@code tokens} timestamped tokens at {@code tokensPerSecond} (0: at once). */
    void scriptModel(int tokens, int ttftMillis, int tokensPerSecond, int stampEvery) {
        scriptModel(stack.model, tokens, ttftMillis, tokensPerSecond, stampEvery);
    }

    static void scriptModel(FakeOpenAiServer model, int tokens, int ttftMillis, int tokensPerSecond, int stampEvery) {
        Duration interval = tokensPerSecond <= 0 ? Duration.ZERO : Duration.ofNanos(1_000_000_000L / tokensPerSecond);
        model.respondWith(request -> {
            long arrival = Markers.nowMicros();
            return new FakeReply.Generated(tokens, Duration.ofMillis(ttftMillis), interval,
                    index -> Markers.token(index, tokens, stampEvery, arrival));
        });
    }

    /** {@code count} conversations, one user and one new thread each. */
    List<Conversation> conversations(String prefix, int count, Latencies chunkLatency) {
        Semaphore inFlight = new Semaphore(32);
        return IntStream.range(0, count).mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            inFlight.acquireUninterruptibly();
            try {
                String user = prefix + "-" + i;
                return new Conversation(user, createThread(user), chunkLatency);
            }
            finally {
                inFlight.release();
            }
        }, callbacks)).toList().stream().map(CompletableFuture::join).toList();
    }

    String createThread(String user) {
        try {
            HttpResponse<String> created = rest.send(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/api/threads"))
                    .header("Authorization", "Bearer " + stack.token(user)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            if (created.statusCode() != 201) {
                throw new IllegalStateException("creating a thread answered " + created.statusCode() + ": " + created.body());
            }
            return JSON.readTree(created.body()).path("id").asString();
        }
        catch (java.io.IOException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Opens one connection per conversation and subscribes it to its thread, {@value #CONNECTS_AT_ONCE} at a time. */
    void connect(List<Conversation> conversations) {
        openAll(conversations, conversation -> StompConnection.open(socketClient(), stack.wsUri(),
                stack.token(conversation.user), conversation::onFrame), conversation -> "/topic/threads/" + conversation.threadId);
    }

    /**
     * Opens one connection per conversation to a peer that relays RabbitMQ's STOMP (its Web-STOMP plugin, or
     * Spring's broker relay), subscribed to its thread's routing key on the events exchange: the gateway only
     * takes the sends.
     */
    void connectToBroker(List<Conversation> conversations, URI peer, BenchSettings.RabbitLogin login) {
        openAll(conversations, conversation -> StompConnection.openWithLogin(socketClient(), peer, login.user(),
                login.password(), login.virtualHost(), conversation::onFrame), conversation -> "/exchange/" + Topology.EVENTS_EXCHANGE
                        + "/" + Topology.threadRoutingKey(conversation.threadId));
    }

    private void openAll(List<Conversation> conversations,
            Function<Conversation, CompletableFuture<StompConnection>> open, Function<Conversation, String> destination) {
        for (int from = 0; from < conversations.size(); from += CONNECTS_AT_ONCE) {
            List<Conversation> batch = conversations.subList(from, Math.min(conversations.size(), from + CONNECTS_AT_ONCE));
            batch.stream().map(conversation -> open.apply(conversation).thenCompose(connection -> {
                connections.put(conversation, connection);
                return connection.subscribe(destination.apply(conversation));
            })).toList().forEach(CompletableFuture::join);
        }
    }

    /** Sends one message in each conversation over REST, spread evenly over {@code window}; {@code answered} gets each 202's time. */
    void sendSpreadOverRest(List<Conversation> conversations, Duration window, Latencies answered) {
        spread(conversations, window, conversation -> {
            conversation.sent(Markers.nowMicros());
            long sent = System.nanoTime();
            rest.sendAsync(HttpRequest.newBuilder(URI.create(stack.httpUrl() + "/api/threads/" + conversation.threadId
                    + "/messages")).header("Authorization", "Bearer " + stack.token(conversation.user))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(QUESTION))
                    .build(), HttpResponse.BodyHandlers.discarding())
                    .thenRun(() -> answered.record((System.nanoTime() - sent) / 1_000));
        });
    }

    /** Sends one message in each conversation, recording when. */
    void sendAll(List<Conversation> conversations) {
        conversations.forEach(this::send);
    }

    /**
     * Sends one message in each conversation, spread evenly over {@code window}; {@code answered} gets the time
     * from each SEND to its RECEIPT (the message durably accepted).
     */
    void sendSpread(List<Conversation> conversations, Duration window, Latencies answered) {
        spread(conversations, window, conversation -> {
            long sent = System.nanoTime();
            send(conversation).thenRun(() -> answered.record((System.nanoTime() - sent) / 1_000));
        });
    }

    /** Calls {@code action} for each item, evenly spread over {@code window}: users do not all press Send in one millisecond. */
    static <T> void spread(List<T> items, Duration window, Consumer<T> action) {
        long start = System.nanoTime();
        long step = window.toNanos() / Math.max(1, items.size());
        for (int i = 0; i < items.size(); i++) {
            LockSupport.parkNanos(start + i * step - System.nanoTime());
            action.accept(items.get(i));
        }
    }

    CompletableFuture<Void> send(Conversation conversation) {
        conversation.sent(Markers.nowMicros());
        return connections.get(conversation).send("/app/threads/" + conversation.threadId + "/messages", QUESTION);
    }

    /** Waits until every conversation's run has ended, or the time is up. */
    static void awaitEnds(List<Conversation> conversations, Duration timeout) {
        try {
            CompletableFuture.allOf(conversations.stream().map(c -> c.ended).toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (Exception timedOut) {
            // the report counts the conversations that did not end
        }
    }

    private synchronized HttpClient socketClient() {
        if (socketClients.isEmpty() || connections.size() >= socketClients.size() * SOCKETS_PER_CLIENT) {
            socketClients.add(HttpClient.newBuilder().executor(callbacks).build());
        }
        return socketClients.getLast();
    }

    /** Closes every connection this load opened. */
    @Override
    public void close() {
        connections.values().forEach(StompConnection::close);
        connections.clear();
        socketClients.forEach(HttpClient::close);
        rest.close();
        callbacks.close();
    }
}

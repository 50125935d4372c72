package dev.threadline.testing;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.websocket.ContainerProvider;
import jakarta.websocket.WebSocketContainer;
import org.jspecify.annotations.Nullable;
import org.springframework.messaging.converter.StringMessageConverter;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompFrameHandler;
import org.springframework.messaging.simp.stomp.StompHeaders;
import org.springframework.messaging.simp.stomp.StompSession;
import org.springframework.messaging.simp.stomp.StompSessionHandlerAdapter;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.messaging.WebSocketStompClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real STOMP 1.2 client over WebSocket that records what each of its subscriptions receives. */
public final class StompTestClient implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final ThreadPoolTaskScheduler SCHEDULER = scheduler();

    private final WebSocketStompClient client;
    private final Handler handler = new Handler();
    private final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();
    private @Nullable StompSession session;

    private StompTestClient() {
        WebSocketContainer container = ContainerProvider.getWebSocketContainer();
        container.setDefaultMaxTextMessageBufferSize(1024 * 1024);
        client = new WebSocketStompClient(new StandardWebSocketClient(container));
        client.setMessageConverter(new StringMessageConverter() {
            {
                addSupportedMimeTypes(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
            }
        });
        client.setInboundMessageSizeLimit(1024 * 1024);
        client.setTaskScheduler(SCHEDULER);
        client.setReceiptTimeLimit(15_000);
    }

    private static ThreadPoolTaskScheduler scheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(2);
        scheduler.setDaemon(true);
        scheduler.setThreadNamePrefix("stomp-test-client-");
        scheduler.initialize();
        return scheduler;
    }

    /** Connects with {@code Authorization: Bearer <token>} on the CONNECT frame (no header when the token is null). */
    public static StompTestClient connect(String url, @Nullable String token) {
        StompTestClient testClient = new StompTestClient();
        testClient.session = testClient.open(url, token);
        return testClient;
    }

    /** Connects expecting the server to refuse: returns the {@code message} header of its ERROR frame. */
    public static String connectRefused(String url, @Nullable String token) {
        StompTestClient testClient = new StompTestClient();
        try {
            testClient.open(url, token);
        }
        catch (IllegalStateException expected) {
            return testClient.handler.errorMessage.getNow("no ERROR frame");
        }
        finally {
            testClient.client.stop();
        }
        throw new AssertionError("CONNECT was accepted");
    }

    private StompSession open(String url, @Nullable String token) {
        StompHeaders connectHeaders = new StompHeaders();
        if (token != null) {
            connectHeaders.add("Authorization", "Bearer " + token);
        }
        try {
            return client.connectAsync(url, (WebSocketHttpHeaders) null, connectHeaders, handler)
                    .get(10, TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException("STOMP connect failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /** Subscribes and returns the live list of JSON bodies received on that destination. */
    public List<JsonNode> subscribe(String destination) {
        List<JsonNode> bodies = received.computeIfAbsent(destination, key -> new CopyOnWriteArrayList<>());
        session().subscribe(destination, collector(bodies));
        return bodies;
    }

    /** Subscribes and waits until the server has processed the SUBSCRIBE (its RECEIPT arrived). */
    public List<JsonNode> subscribeAndWait(String destination) {
        List<JsonNode> bodies = received.computeIfAbsent(destination, key -> new CopyOnWriteArrayList<>());
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setReceipt("sub-" + destination);
        CompletableFuture<Void> receipt = new CompletableFuture<>();
        StompSession.Subscription subscription = session().subscribe(headers, collector(bodies));
        subscription.addReceiptTask(() -> receipt.complete(null));
        await(receipt);
        return bodies;
    }

    private static StompFrameHandler collector(List<JsonNode> bodies) {
        return new StompFrameHandler() {
            @Override
            public Type getPayloadType(StompHeaders headers) {
                return String.class;
            }

            @Override
            public void handleFrame(StompHeaders headers, @Nullable Object payload) {
                bodies.add(JSON.readTree((String) payload));
            }
        };
    }

    public void send(String destination, Object body) {
        session().send(jsonHeaders(destination), JSON.writeValueAsString(body));
    }

    public void sendRaw(String destination, String body) {
        session().send(jsonHeaders(destination), body);
    }

    /** Sends with a {@code receipt} header; the future completes when the RECEIPT arrives. */
    public CompletableFuture<Void> sendWithReceipt(String destination, Object body) {
        session().setAutoReceipt(true);
        CompletableFuture<Void> receipt = new CompletableFuture<>();
        StompSession.Receiptable receiptable = session().send(jsonHeaders(destination), JSON.writeValueAsString(body));
        receiptable.addReceiptTask(() -> receipt.complete(null));
        receiptable.addReceiptLostTask(() -> receipt.completeExceptionally(new TimeoutException("receipt lost")));
        session().setAutoReceipt(false);
        return receipt;
    }

    public boolean isConnected() {
        return session != null && session.isConnected() && handler.transportError.isEmpty();
    }

    /** The {@code message} header of the ERROR frame the server sent this session, if it sent one. */
    public @Nullable String errorMessage() {
        return handler.errorMessage.getNow(null);
    }

    @Override
    public void close() {
        if (session != null && session.isConnected()) {
            session.disconnect();
        }
        client.stop();
    }

    private StompHeaders jsonHeaders(String destination) {
        StompHeaders headers = new StompHeaders();
        headers.setDestination(destination);
        headers.setContentType(org.springframework.util.MimeTypeUtils.APPLICATION_JSON);
        return headers;
    }

    private StompSession session() {
        if (session == null) {
            throw new IllegalStateException("not connected");
        }
        return session;
    }

    private static void await(CompletableFuture<Void> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException ex) {
            throw new IllegalStateException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static final class Handler extends StompSessionHandlerAdapter {

        private final CompletableFuture<String> errorMessage = new CompletableFuture<>();
        private final List<Throwable> transportError = new CopyOnWriteArrayList<>();

        @Override
        public Type getPayloadType(StompHeaders headers) {
            return String.class;
        }

        @Override
        public void handleFrame(StompHeaders headers, @Nullable Object payload) {
            String message = headers.getFirst("message");
            errorMessage.complete(message == null ? "" : message);
        }

        @Override
        public void handleException(StompSession session, @Nullable StompCommand command, StompHeaders headers,
                byte[] payload, Throwable exception) {
            transportError.add(exception);
        }

        @Override
        public void handleTransportError(StompSession session, Throwable exception) {
            transportError.add(exception);
        }
    }
}

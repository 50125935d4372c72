package dev.threadline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A minimal STOMP 1.2 client on the JDK's WebSocket: CONNECT with a bearer token, SUBSCRIBE, SEND,
 * receipts, and a callback per MESSAGE frame. Cheap enough to run thousands in one process.
 */
final class StompConnection implements WebSocket.Listener {

    /** A received frame: its command, headers and body. */
    record Frame(String command, Map<String, String> headers, String body) {
    }

    private final Consumer<Frame> onMessage;
    private final CompletableFuture<StompConnection> connected = new CompletableFuture<>();
    private final Map<String, CompletableFuture<Void>> receipts = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private @Nullable WebSocket socket;
    private CompletableFuture<?> sending = CompletableFuture.completedFuture(null);
    private volatile @Nullable String error;

    private StompConnection(Consumer<Frame> onMessage) {
        this.onMessage = onMessage;
    }

    /** Opens the WebSocket and completes once the server answered CONNECTED. */
    static CompletableFuture<StompConnection> open(HttpClient http, URI uri, String token, Consumer<Frame> onMessage) {
        return open(http, uri, "Authorization:Bearer " + token, "bench", onMessage);
    }

    /** The same with a broker's login (RabbitMQ Web-STOMP: user, password and virtual host). */
    static CompletableFuture<StompConnection> openWithLogin(HttpClient http, URI uri, String login, String passcode,
            String virtualHost, Consumer<Frame> onMessage) {
        return open(http, uri, "login:" + login + "\npasscode:" + passcode, virtualHost, onMessage);
    }

    private static CompletableFuture<StompConnection> open(HttpClient http, URI uri, String credentials, String host,
            Consumer<Frame> onMessage) {
        StompConnection connection = new StompConnection(onMessage);
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).subprotocols("v12.stomp")
                .buildAsync(uri, connection).whenComplete((socket, failure) -> {
                    if (failure != null) {
                        connection.connected.completeExceptionally(failure);
                        return;
                    }
                    connection.socket = socket;
                    connection.sendFrame("CONNECT\naccept-version:1.2\nhost:" + host + "\nheart-beat:0,0\n"
                            + credentials + "\n\n");
                });
        return connection.connected.orTimeout(60, TimeUnit.SECONDS);
    }

    /** Subscribes; completes when the server's RECEIPT arrived. */
    CompletableFuture<Void> subscribe(String destination) {
        String receipt = "r" + ids.incrementAndGet();
        CompletableFuture<Void> done = awaitReceipt(receipt);
        sendFrame("SUBSCRIBE\nid:s" + ids.incrementAndGet() + "\ndestination:" + destination + "\nreceipt:" + receipt
                + "\n\n");
        return done;
    }

    /** Sends a JSON body; completes when the server's RECEIPT arrived. */
    CompletableFuture<Void> send(String destination, String json) {
        String receipt = "r" + ids.incrementAndGet();
        CompletableFuture<Void> done = awaitReceipt(receipt);
        sendFrame("SEND\ndestination:" + destination + "\ncontent-type:application/json\nreceipt:" + receipt + "\n\n"
                + json);
        return done;
    }

    @Nullable String error() {
        return error;
    }

    void close() {
        WebSocket open = socket;
        if (open != null) {
            open.abort();
        }
    }

    private CompletableFuture<Void> awaitReceipt(String receipt) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        receipts.put(receipt, done);
        return done.orTimeout(60, TimeUnit.SECONDS);
    }

    /** The JDK WebSocket takes one send at a time: each waits for the previous one. */
    private synchronized void sendFrame(String frame) {
        WebSocket open = socket;
        if (open == null) {
            return;
        }
        sending = sending.handle((ignored, failure) -> null).thenCompose(ignored -> open.sendText(frame + "\0", true));
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public @Nullable CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            for (int start = 0, end; start < text.length(); start = end + 1) {
                end = text.indexOf('\0', start);
                if (end < 0) {
                    break;
                }
                handle(text.substring(start, end));
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public @Nullable CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        failPending("closed: " + statusCode + " " + reason);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable failure) {
        failPending(String.valueOf(failure));
    }

    private void failPending(String why) {
        if (error == null) {
            error = why;
        }
        connected.completeExceptionally(new IllegalStateException(why));
        receipts.values().forEach(receipt -> receipt.completeExceptionally(new IllegalStateException(why)));
    }

    private void handle(String frame) {
        String text = frame.stripLeading();
        if (text.isEmpty()) {
            return;
        }
        int headersEnd = text.indexOf("\n\n");
        String head = headersEnd < 0 ? text : text.substring(0, headersEnd);
        String body = headersEnd < 0 ? "" : text.substring(headersEnd + 2);
        String[] lines = head.split("\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon), lines[i].substring(colon + 1));
            }
        }
        switch (lines[0]) {
            case "CONNECTED" -> connected.complete(this);
            case "RECEIPT" -> {
                CompletableFuture<Void> receipt = receipts.remove(headers.getOrDefault("receipt-id", ""));
                if (receipt != null) {
                    receipt.complete(null);
                }
            }
            case "ERROR" -> failPending("ERROR " + headers.getOrDefault("message", body));
            default -> onMessage.accept(new Frame(lines[0], headers, body));
        }
    }
}

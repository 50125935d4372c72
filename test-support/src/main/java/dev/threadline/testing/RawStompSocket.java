package dev.threadline.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A WebSocket that speaks STOMP by hand, so tests can send frames no STOMP library would produce
 * (malformed, oversize, forged destinations) and see exactly which frames come back.
 */
public final class RawStompSocket implements AutoCloseable {

    private final WebSocket socket;
    private final List<String> frames = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();

    private RawStompSocket(String url) {
        StringBuilder partial = new StringBuilder();
        WebSocket.Listener listener = new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    String text = partial.toString();
                    partial.setLength(0);
                    if (!text.isBlank()) {
                        frames.add(text);
                    }
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        };
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(url), listener).orTimeout(10, TimeUnit.SECONDS).join();
    }

    public static RawStompSocket open(String url) {
        return new RawStompSocket(url);
    }

    /** Opens a socket and sends a CONNECT with the token, waiting for CONNECTED. */
    public static RawStompSocket connect(String url, String token) {
        RawStompSocket raw = open(url);
        raw.send("CONNECT\naccept-version:1.2\nhost:localhost\nAuthorization:Bearer " + token + "\n\n\0");
        raw.awaitFrame("CONNECTED");
        return raw;
    }

    /** Sends text as one WebSocket message, exactly as given. */
    public void send(String text) {
        socket.sendText(text, true).orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The frames received so far, each as its raw text. */
    public List<String> frames() {
        return List.copyOf(frames);
    }

    /** Waits up to 10 s for a frame starting with the command and returns it. */
    public String awaitFrame(String command) {
        return awaitFrame(command, "");
    }

    /** Waits up to 10 s for a frame starting with the command and containing the text, and returns it. */
    public String awaitFrame(String command, String containing) {
        return Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> frames.stream()
                .filter(frame -> frame.startsWith(command + "\n") && frame.contains(containing)).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(ex -> null);
        }
        socket.abort();
    }
}

package dev.threadline.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A local HTTP server that speaks OpenAI's documented streaming wire formats — Chat Completions
 * ({@code data:} chunks ending in {@code [DONE]}) and the Responses API (typed {@code event:} stream) —
 * so the real openai-java client can be tested without a key or the internet. What it answers is
 * scripted per request by a responder; every request is recorded. It also answers the moderation endpoint.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    private static final List<String> MODERATION_CATEGORIES = List.of("harassment", "harassment/threatening", "hate",
            "hate/threatening", "illicit", "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions",
            "sexual", "sexual/minors", "violence", "violence/graphic");

    static {
        // streamed tokens are small writes: without TCP_NODELAY each waits for the peer's delayed ACK (~40 ms)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<Function<RecordedRequest, FakeReply>> responder = new AtomicReference<>(
            request -> FakeReply.text("Echo", ": ", request.lastUserText()));
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicReference<Predicate<String>> flagged = new AtomicReference<>(text -> false);
    private final List<String> moderated = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final @Nullable IdleClosingConnections connections;

    public FakeOpenAiServer() {
        this(null, IdleClose.CLOSE);
    }

    private FakeOpenAiServer(@Nullable Duration keepAliveTimeout, IdleClose how) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot start the fake OpenAI server", ex);
        }
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", exchange -> counted(exchange, () -> handle(exchange, "chat-completions")));
        server.createContext("/v1/responses", exchange -> counted(exchange, () -> handle(exchange, "responses")));
        server.createContext("/v1/moderations", exchange -> counted(exchange, () -> moderate(exchange)));
        server.start();
        connections = keepAliveTimeout == null ? null
                : new IdleClosingConnections(server.getAddress().getPort(), keepAliveTimeout, how);
    }

    /**
     * A fake that, like a real provider, closes keep-alive connections idle for {@code keepAliveTimeout}
     * (Node's {@code keepAliveTimeout} and uvicorn's {@code timeout_keep_alive}, so vLLM's, are 5 s), and
     * counts connections and the requests each carried.
     */
    public static FakeOpenAiServer closingIdleConnections(Duration keepAliveTimeout, IdleClose how) {
        return new FakeOpenAiServer(keepAliveTimeout, how);
    }

    /** How {@link #closingIdleConnections} closes an idle connection. */
    public enum IdleClose {
        /** Closes it once idle for the timeout, as Node and uvicorn do: the client learns it only when it reuses it. */
        CLOSE,
        /**
         * Keeps it, but resets it when the client sends a request on it after the timeout: a close the client
         * cannot see coming (a proxy or NAT that dropped the connection, the server's close crossing the request).
         */
        RESET_ON_REUSE
    }

    /** The base URL to configure as {@code OPENAI_BASE_URL}, ending in {@code /v1}. */
    public String baseUrl() {
        int port = connections != null ? connections.port() : server.getAddress().getPort();
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** Client connections open now ({@link #closingIdleConnections} only). */
    public int openConnections() {
        return requireCounted().open();
    }

    /** Connections the server closed or reset for being idle too long ({@link #closingIdleConnections} only). */
    public int connectionsClosedByServer() {
        return requireCounted().closedByServer();
    }

    /** How many requests each connection carried, in the order they were opened ({@link #closingIdleConnections} only). */
    public List<Integer> requestsPerConnection() {
        return requireCounted().requestsPerConnection();
    }

    private IdleClosingConnections requireCounted() {
        if (connections == null) {
            throw new IllegalStateException("only a fake made by closingIdleConnections counts its connections");
        }
        return connections;
    }

    public void respondWith(Function<RecordedRequest, FakeReply> responder) {
        this.responder.set(responder);
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Moderation flags, for harassment, every input the predicate matches (nothing by default). */
    public void flagWhen(Predicate<String> predicate) {
        flagged.set(predicate);
    }

    /** The inputs the moderation endpoint was asked about. */
    public List<String> moderatedInputs() {
        return List.copyOf(moderated);
    }

    public void reset() {
        requests.clear();
        moderated.clear();
        flagged.set(text -> false);
        respondWith(request -> FakeReply.text("Echo", ": ", request.lastUserText()));
    }

    @Override
    public void close() {
        closed.countDown();
        if (connections != null) {
            connections.close();
        }
        server.stop(0);
        executor.shutdownNow();
    }

    /** Tells the connection counter (if any) when the exchange starts and ends. */
    private void counted(HttpExchange exchange, Handler handler) throws IOException {
        int clientPort = exchange.getRemoteAddress().getPort();
        if (connections != null) {
            connections.started(clientPort);
        }
        try {
            handler.handle();
        }
        finally {
            if (connections != null) {
                connections.ended(clientPort);
            }
        }
    }

    private interface Handler {

        void handle() throws IOException;
    }

    private void handle(HttpExchange exchange, String api) throws IOException {
        try (exchange) {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            RecordedRequest request = new RecordedRequest(api, exchange.getRequestURI().getPath(),
                    String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), body,
                    exchange.getRequestHeaders().getFirst("traceparent"));
            requests.add(request);
            FakeReply reply = responder.get().apply(request);
            String model = body.path("model").asString("gpt-4.1-mini");
            FakeReply.TokenUsage usage = reply instanceof FakeReply.WithUsage scripted ? scripted.usage() : null;
            switch (reply instanceof FakeReply.WithUsage scripted ? scripted.reply() : reply) {
                case FakeReply.HttpError error -> writeError(exchange, error);
                case FakeReply.Hang hang -> hang(exchange);
                case FakeReply.Unanswered unanswered -> awaitClose();
                case FakeReply.Text text -> stream(exchange, wire(api, model), text, usage);
                case FakeReply.Generated generated -> stream(exchange, wire(api, model), generated, usage);
                case FakeReply.ToolCalls calls -> streamToolCalls(exchange, wire(api, model), calls, usage);
                case FakeReply.WithUsage nested -> throw new IllegalStateException("usage scripted twice");
            }
        }
        catch (IOException ex) {
            // the client went away (cancel, timeout): nothing left to answer
        }
    }

    private void moderate(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
            String input = body.path("input").asString();
            moderated.add(input);
            boolean flag = flagged.get().test(input);
            Map<String, Object> categories = new LinkedHashMap<>();
            Map<String, Object> scores = new LinkedHashMap<>();
            Map<String, Object> inputTypes = new LinkedHashMap<>();
            for (String category : MODERATION_CATEGORIES) {
                boolean hit = flag && category.equals("harassment");
                categories.put(category, hit);
                scores.put(category, hit ? 0.97 : 0.0001);
                inputTypes.put(category, List.of("text"));
            }
            byte[] answer = json.writeValueAsBytes(Map.of("id", "modr-" + nextId(), "model",
                    body.path("model").asString("omni-moderation-latest"), "results", List.of(Map.of("flagged", flag,
                            "categories", categories, "category_scores", scores,
                            "category_applied_input_types", inputTypes))));
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        }
    }

    private String nextId() {
        return Integer.toString(ids.incrementAndGet());
    }

    private void writeError(HttpExchange exchange, FakeReply.HttpError error) throws IOException {
        byte[] body = json.writeValueAsBytes(Map.of("error",
                Map.of("message", error.message(), "type", "server_error", "code", "fake_error")));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        error.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(error.status(), body.length);
        exchange.getResponseBody().write(body);
    }

    private void hang(HttpExchange exchange) throws IOException {
        startStream(exchange);
        awaitClose();
    }

    private void awaitClose() {
        try {
            closed.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void stream(HttpExchange exchange, WireStream wire, FakeReply.Text text,
            FakeReply.@Nullable TokenUsage usage) throws IOException {
        OutputStream out = startStream(exchange);
        write(out, wire.start());
        pause(text.firstTokenDelay());
        for (int i = 0; i < text.tokens().size(); i++) {
            if (i > 0) {
                pause(text.interval());
            }
            write(out, wire.textDelta(text.tokens().get(i)));
        }
        write(out, wire.finishText(String.join("", text.tokens()),
                usage != null ? usage : FakeReply.TokenUsage.defaults(text.tokens().size())));
    }

    private void stream(HttpExchange exchange, WireStream wire, FakeReply.Generated generated,
            FakeReply.@Nullable TokenUsage usage) throws IOException {
        OutputStream out = startStream(exchange);
        write(out, wire.start());
        long first = System.nanoTime() + generated.firstTokenDelay().toNanos();
        long interval = generated.interval().toNanos();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < generated.count(); i++) {
            pause(Duration.ofNanos(first + i * interval - System.nanoTime()));
            String token = generated.token().apply(i);
            text.append(token);
            write(out, wire.textDelta(token));
        }
        write(out, wire.finishText(text.toString(),
                usage != null ? usage : FakeReply.TokenUsage.defaults(generated.count())));
    }

    private WireStream wire(String api, String model) {
        return api.equals("responses") ? new ResponsesStream(json, model, nextId())
                : new ChatCompletionsStream(json, model, nextId());
    }

    private void streamToolCalls(HttpExchange exchange, WireStream wire, FakeReply.ToolCalls calls,
            FakeReply.@Nullable TokenUsage usage) throws IOException {
        OutputStream out = startStream(exchange);
        write(out, wire.start());
        for (int i = 0; i < calls.calls().size(); i++) {
            write(out, wire.toolCall(i, calls.calls().get(i)));
        }
        write(out, wire.finishToolCalls(calls.calls(),
                usage != null ? usage : FakeReply.TokenUsage.defaults(calls.calls().size() * 10L)));
    }

    private static OutputStream startStream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().add("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        out.flush();
        return out;
    }

    private static void write(OutputStream out, String sse) throws IOException {
        out.write(sse.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void pause(Duration duration) {
        if (duration.isZero() || duration.isNegative()) {
            return;
        }
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}

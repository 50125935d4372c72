package dev.threadline.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A local Open-Meteo stand-in: {@code /v1/search} geocodes Oslo (and nothing else), {@code /v1/forecast}
 * answers a rainy 4 °C day. It can be told to fail, to test that a failing tool does not fail the run, or
 * to hang, to test that a run stops while its tool waits.
 */
public final class FakeWeatherServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean failing;
    private volatile boolean hanging;

    public FakeWeatherServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        server.setExecutor(executor);
        server.createContext("/v1/search", exchange -> answer(exchange, exchange.getRequestURI().getQuery()
                .contains("name=Oslo") ? """
                {"results":[{"name":"Oslo","country":"Norway","latitude":59.91,"longitude":10.75}]}""" : "{}"));
        server.createContext("/v1/forecast", exchange -> answer(exchange, """
                {"current":{"temperature_2m":4.2,"precipitation":1.3,"wind_speed_10m":18.0,"weather_code":61},
                 "daily":{"temperature_2m_max":[6.0],"temperature_2m_min":[1.5],"precipitation_probability_max":[90]}}"""));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void failWith500(boolean failing) {
        this.failing = failing;
    }

    /** Requests received from now on are read and never answered (until {@link #close}). */
    public void hang(boolean hanging) {
        this.hanging = hanging;
    }

    /** Every request received, answered or not. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange, String json) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestURI().toString());
            if (hanging) {
                awaitClose();
                return;
            }
            byte[] body = (failing ? "{\"error\":true}" : json).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(failing ? 500 : 200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void awaitClose() {
        try {
            closed.await();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}

package dev.threadline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The keep-alive behaviour of a real provider, in front of {@link FakeOpenAiServer}'s HTTP server: a TCP
 * front that relays each client connection to the server and, told by the server when a request starts
 * and ends on it, closes the connection once it has been idle for the timeout — or resets it when the
 * client sends its next request after the timeout. It counts connections and requests per connection.
 */
final class IdleClosingConnections implements AutoCloseable {

    private final ServerSocket front;
    private final int serverPort;
    private final Duration timeout;
    private final FakeOpenAiServer.IdleClose how;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("fake-openai-idle-close").factory());
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final Map<Integer, Link> byServerSidePort = new ConcurrentHashMap<>();

    IdleClosingConnections(int serverPort, Duration timeout, FakeOpenAiServer.IdleClose how) {
        this.serverPort = serverPort;
        this.timeout = timeout;
        this.how = how;
        try {
            front = new ServerSocket();
            front.bind(new InetSocketAddress("127.0.0.1", 0));
        }
        catch (IOException ex) {
            throw new IllegalStateException("cannot start the fake OpenAI server's front", ex);
        }
        Thread.ofVirtual().name("fake-openai-front").start(this::accept);
    }

    int port() {
        return front.getLocalPort();
    }

    /** A request arrived on the connection whose server side has this remote port. */
    void started(int clientPort) {
        Link link = byServerSidePort.get(clientPort);
        if (link != null) {
            link.requests.incrementAndGet();
            link.inFlight.incrementAndGet();
            link.generation.incrementAndGet();
        }
    }

    /** The server finished answering a request on that connection: from now on it counts as idle. */
    void ended(int clientPort) {
        Link link = byServerSidePort.get(clientPort);
        if (link == null || link.inFlight.decrementAndGet() > 0) {
            return;
        }
        link.idleSinceNanos = System.nanoTime();
        int generation = link.generation.incrementAndGet();
        if (how == FakeOpenAiServer.IdleClose.CLOSE) {
            timer.schedule(() -> {
                if (link.inFlight.get() == 0 && link.generation.get() == generation) {
                    link.closeByServer(false);
                }
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    int open() {
        return (int) links.stream().filter(link -> !link.closed).count();
    }

    int closedByServer() {
        return (int) links.stream().filter(link -> link.closedByServer).count();
    }

    List<Integer> requestsPerConnection() {
        return links.stream().map(link -> link.requests.get()).toList();
    }

    private void accept() {
        while (!front.isClosed()) {
            try {
                Socket client = front.accept();
                client.setTcpNoDelay(true);
                Socket server = new Socket("127.0.0.1", serverPort);
                server.setTcpNoDelay(true);
                Link link = new Link(client, server);
                links.add(link);
                byServerSidePort.put(server.getLocalPort(), link);
                Thread.ofVirtual().start(() -> link.relayRequests());
                Thread.ofVirtual().start(() -> link.relay(server, client));
            }
            catch (IOException ex) {
                // closed
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            front.close();
        }
        catch (IOException ignored) {
            // closing anyway
        }
        links.forEach(Link::close);
    }

    /** One client connection and its connection to the server. */
    private final class Link {

        private final Socket client;
        private final Socket server;
        private final AtomicInteger requests = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private final AtomicInteger generation = new AtomicInteger();
        private volatile long idleSinceNanos;
        private volatile boolean closed;
        private volatile boolean closedByServer;

        Link(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        /** Client to server; a request on a connection idle past the timeout is answered with a reset when told to. */
        void relayRequests() {
            byte[] buffer = new byte[16 * 1024];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    if (how == FakeOpenAiServer.IdleClose.RESET_ON_REUSE && idlePastTimeout()) {
                        closeByServer(true);
                        return;
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            catch (IOException ex) {
                // one side went away
            }
            finally {
                close();
            }
        }

        void relay(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                byte[] buffer = new byte[16 * 1024];
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
            catch (IOException ex) {
                // one side went away
            }
            finally {
                close();
            }
        }

        private boolean idlePastTimeout() {
            return inFlight.get() == 0 && idleSinceNanos != 0
                    && System.nanoTime() - idleSinceNanos >= timeout.toNanos();
        }

        /** Closes the client's connection as the server: a FIN, or a reset (RST) when {@code reset}. */
        synchronized void closeByServer(boolean reset) {
            if (closed) {
                return;
            }
            closedByServer = true;
            try {
                if (reset) {
                    client.setSoLinger(true, 0);
                }
            }
            catch (IOException ignored) {
                // closed meanwhile
            }
            close();
        }

        synchronized void close() {
            closed = true;
            closeQuietly(client);
            closeQuietly(server);
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            }
            catch (IOException ignored) {
                // already closed
            }
        }
    }
}

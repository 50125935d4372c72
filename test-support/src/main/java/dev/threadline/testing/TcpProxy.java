package dev.threadline.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A loopback TCP proxy that can cut every connection through it and refuse new ones, then let traffic
 * through again: a broker outage (or network partition) without stopping the shared broker. It can also
 * {@link #pause()}: connections stay open and new ones are accepted, but no byte moves until
 * {@link #resume()} — a service that stalls (a stopped process, a full disk) rather than one that goes away.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ReentrantLock gate = new ReentrantLock();
    private final Condition flowing = gate.newCondition();
    private volatile boolean cut;
    private boolean paused;

    public TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress("127.0.0.1", 0));
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        Thread.ofVirtual().name("tcp-proxy").start(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Closes every open connection and refuses new ones until {@link #restore()}. */
    public void cut() {
        cut = true;
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    /** Holds every byte in either direction, on open and new connections alike, closing nothing. */
    public void pause() {
        gate.lock();
        try {
            paused = true;
        }
        finally {
            gate.unlock();
        }
    }

    /** Lets the held bytes and all later ones through again. */
    public void resume() {
        gate.lock();
        try {
            paused = false;
            flowing.signalAll();
        }
        finally {
            gate.unlock();
        }
    }

    private void awaitFlowing() throws IOException {
        gate.lock();
        try {
            while (paused) {
                flowing.await();
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while paused", ex);
        }
        finally {
            gate.unlock();
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Socket upstream = new Socket(targetHost, targetPort);
                open.add(client);
                open.add(upstream);
                Thread.ofVirtual().start(() -> pump(client, upstream));
                Thread.ofVirtual().start(() -> pump(upstream, client));
            }
            catch (IOException ex) {
                // closed, or the target refused: the client sees its connection drop
            }
        }
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            byte[] buffer = new byte[16 * 1024];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                awaitFlowing();
                out.write(buffer, 0, read);
                out.flush();
            }
        }
        catch (IOException ex) {
            // one side went away
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        cut();
        resume();
        try {
            server.close();
        }
        catch (IOException ignored) {
            // closing anyway
        }
    }
}

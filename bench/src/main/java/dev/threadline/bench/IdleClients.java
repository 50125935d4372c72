package dev.threadline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One process of idle sessions (a process may hold only so many sockets): reads {@code <token> <threadId>}
 * lines from a file, opens one STOMP session per line subscribed to that thread, prints {@code READY},
 * then the arrival times of the next event every session receives, and stays connected until stopped.
 */
public final class IdleClients {

    /** What the broadcast carries, so a session's own {@code presence} event is not taken for it. */
    static final String BROADCAST = "\"userId\":\"broadcast\"";

    private IdleClients() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        List<String[]> sessions = java.nio.file.Files.readAllLines(java.nio.file.Path.of(args[1])).stream()
                .map(line -> line.split(" ")).toList();
        int count = sessions.size();
        AtomicLongArray arrivals = new AtomicLongArray(count);
        CountDownLatch received = new CountDownLatch(count);
        CountDownLatch firstReceived = new CountDownLatch(1);
        List<HttpClient> clients = new ArrayList<>();
        var executor = Executors.newVirtualThreadPerTaskExecutor();
        AtomicInteger failed = new AtomicInteger();
        for (int from = 0; from < count; from += 100) {
            HttpClient client = HttpClient.newBuilder().executor(executor).build();
            clients.add(client);
            List<CompletableFuture<Void>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(count, from + 100); i++) {
                int session = i;
                batch.add(StompConnection.open(client, uri, sessions.get(i)[0], frame -> {
                    if (frame.body().contains(BROADCAST) && arrivals.compareAndSet(session, 0, Markers.nowMicros())) {
                        received.countDown();
                        firstReceived.countDown();
                    }
                }).thenCompose(connection -> connection.subscribe("/topic/threads/" + sessions.get(session)[1])).exceptionally(ex -> {
                    failed.incrementAndGet();
                    return null;
                }));
            }
            batch.forEach(CompletableFuture::join);
        }
        System.out.println("READY " + (count - failed.get()) + " " + failed.get());
        firstReceived.await();
        received.await(60, TimeUnit.SECONDS);
        long[] times = new long[count];
        for (int i = 0; i < count; i++) {
            times[i] = arrivals.get(i);
        }
        long[] got = Arrays.stream(times).filter(time -> time > 0).sorted().toArray();
        System.out.println("RECEIVED " + got.length + " " + got[got.length / 2] + " " + got[(int) (got.length * 0.99)]
                + " " + got[got.length - 1]);
        System.out.flush();
        Thread.currentThread().join();
    }
}

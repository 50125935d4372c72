package dev.threadline.bench;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.threadline.model.Topology;

/**
 * 4. Idle sessions: M STOMP sessions connected to one gateway, each subscribed to a thread — by default a
 * thread of its own, so the gateway's relay queue holds M bindings; with {@code --sessions-per-thread=N},
 * N sessions watch each thread. The gateway's RSS and heap per session (after a full GC), and how long a
 * broadcast — one event published to every thread — takes to reach them all.
 */
final class IdleSessionsScenario {

    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private IdleSessionsScenario() {
    }

    static void run(Stack stack, BenchSettings settings, Report report) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        for (int sessions : settings.idleSessions()) {
            rows.add(measure(stack, settings, sessions, report));
        }
        report.table(("4. Idle sessions on %s (a broadcast is one event published to every thread)").formatted(
                stack.gateways().size() == 1 ? "one gateway" : stack.gateways().size() + " gateway processes, sessions spread evenly"),
                List.of("sessions", "gateway RSS before → after", "RSS per session", "heap per session",
                        "broadcast to all: p50 / p99 / last", "delivered"), rows);
    }

    private static List<String> measure(Stack stack, BenchSettings settings, int sessions, Report report) throws Exception {
        String prefix = "idle-" + System.nanoTime();
        List<Conversation> threads;
        int perThread = Math.max(1, settings.sessionsPerThread());
        try (Load load = new Load(stack)) {
            threads = load.conversations(prefix, (sessions + perThread - 1) / perThread, new Latencies());
        }
        List<Conversation> watched = java.util.stream.IntStream.range(0, sessions)
                .mapToObj(i -> threads.get(i / perThread)).toList();
        List<ServiceProcess> gateways = stack.gateways().stream().map(Stack.Gateway::process).toList();
        long rssBefore = settledRss(gateways);
        long heapBefore = heapUsedAfterGc(gateways);
        List<ServiceProcess> clients = new ArrayList<>();
        try {
            for (int from = 0, n = 0; from < sessions; from += settings.sessionsPerClientProcess(), n++) {
                List<String> lines = watched.subList(from, Math.min(sessions, from + settings.sessionsPerClientProcess()))
                        .stream().map(thread -> stack.token(thread.user) + " " + thread.threadId).toList();
                Path file = Files.write(settings.logs().resolve("idle-clients-" + n + ".sessions"), lines);
                URI gateway = stack.gateways().get(n % stack.gateways().size()).wsUri();
                clients.add(ServiceProcess.start("idle-clients-" + n, List.of("-Xmx1g"), List.of("-cp",
                        System.getProperty("java.class.path"), IdleClients.class.getName(), gateway.toString(),
                        file.toString()), Map.of(), settings.logs()));
            }
            int connected = 0;
            for (ServiceProcess client : clients) {
                client.awaitLog("READY", Duration.ofMinutes(10));
                connected += Integer.parseInt(lineAfter(client.log(), "READY").split(" ")[0]);
            }
            long rssAfter = settledRss(gateways);
            long heapAfter = heapUsedAfterGc(gateways);
            ServiceProcess.sleep(Duration.ofSeconds(settings.broadcastDelaySeconds()));
            long sent = broadcast(settings.rabbitUri(), threads);
            long delivered = 0;
            long p50 = 0;
            long p99 = 0;
            long last = 0;
            for (ServiceProcess client : clients) {
                client.awaitLog("RECEIVED", Duration.ofSeconds(90));
                String[] received = lineAfter(client.log(), "RECEIVED").split(" ");
                delivered += Long.parseLong(received[0]);
                p50 = Math.max(p50, Long.parseLong(received[1]) - sent);
                p99 = Math.max(p99, Long.parseLong(received[2]) - sent);
                last = Math.max(last, Long.parseLong(received[3]) - sent);
            }
            if (connected < sessions || delivered < sessions) {
                report.problem("%d idle sessions: %d connected, %d received the broadcast".formatted(sessions, connected,
                        delivered));
            }
            return List.of("%,d on %,d thread%s".formatted(sessions, threads.size(), threads.size() == 1 ? "" : "s"), "%.0f → %.0f MiB".formatted(rssBefore / 1048576.0, rssAfter / 1048576.0),
                    "%.1f KB".formatted((rssAfter - rssBefore) / 1024.0 / sessions),
                    "%.1f KB".formatted((heapAfter - heapBefore) / 1024.0 / sessions),
                    "%s / %s / %s".formatted(Report.millis(p50 / 1000.0), Report.millis(p99 / 1000.0),
                            Report.millis(last / 1000.0)), "%,d / %,d".formatted(delivered, sessions));
        }
        finally {
            clients.forEach(ServiceProcess::close);
        }
    }

    /**
     * Publishes one event to every thread straight to the topic exchange, as workers would; returns when the
     * first went out (µs), so the delivery times include publishing them all.
     */
    private static long broadcast(String rabbitUri, List<Conversation> threads) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(rabbitUri);
        AMQP.BasicProperties json = new AMQP.BasicProperties.Builder().contentType("application/json").build();
        try (Connection connection = factory.newConnection("bench-broadcast"); Channel channel = connection.createChannel()) {
            long sent = Markers.nowMicros();
            for (Conversation thread : threads) {
                byte[] body = ("{\"type\":\"typing\",\"threadId\":\"" + thread.threadId + "\",\"ts\":\""
                        + Instant.now() + "\",\"userId\":\"broadcast\"}").getBytes(StandardCharsets.UTF_8);
                channel.basicPublish(Topology.EVENTS_EXCHANGE, Topology.threadRoutingKey(thread.threadId), json, body);
            }
            return sent;
        }
    }

    /** The RSS of the processes together, once a full GC has run in each. */
    private static long settledRss(List<ServiceProcess> processes) {
        heapUsedAfterGc(processes);
        ServiceProcess.sleep(Duration.ofSeconds(2));
        return processes.stream().mapToLong(process -> process.stats().rssBytes()).sum();
    }

    private static long heapUsedAfterGc(List<ServiceProcess> processes) {
        return processes.stream().mapToLong(IdleSessionsScenario::heapUsedAfterGc).sum();
    }

    /** Heap in use after a full GC, from {@code jcmd}. */
    static long heapUsedAfterGc(ServiceProcess process) {
        jcmd(process.pid(), "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(process.pid(), "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) * 1024 : 0;
    }

    private static String jcmd(long pid, String command) {
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            Process jcmd = new ProcessBuilder(java.replaceFirst("java$", "jcmd"), Long.toString(pid), command)
                    .redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            jcmd.waitFor();
            return output;
        }
        catch (IOException ex) {
            throw new IllegalStateException("jcmd failed: " + ex.getMessage(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static String lineAfter(String log, String prefix) {
        return log.lines().filter(line -> line.startsWith(prefix + " ")).findFirst().orElseThrow()
                .substring(prefix.length() + 1);
    }
}

package dev.threadline.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * 4. Idle sessions: M STOMP sessions connected to one gateway and subscribed to one thread; the gateway's
 * RSS and heap per session (after a full GC), and how long one event takes to reach them all.
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
        report.table("4. Idle sessions on one gateway (each subscribed; one event broadcast to all)",
                List.of("sessions", "gateway RSS before → after", "RSS per session", "heap per session",
                        "broadcast to all: p50 / p99 / last", "delivered"), rows);
    }

    private static List<String> measure(Stack stack, BenchSettings settings, int sessions, Report report) throws Exception {
        String user = "idle-" + System.nanoTime();
        String threadId;
        try (Load load = new Load(stack)) {
            threadId = load.createThread(user);
        }
        ServiceProcess gateway = stack.gateway();
        long rssBefore = settledRss(gateway);
        long heapBefore = heapUsedAfterGc(gateway);
        List<ServiceProcess> clients = new ArrayList<>();
        try {
            for (int from = 0, n = 0; from < sessions; from += settings.sessionsPerClientProcess(), n++) {
                int count = Math.min(settings.sessionsPerClientProcess(), sessions - from);
                clients.add(ServiceProcess.start("idle-clients-" + n, List.of("-Xmx1g"), List.of("-cp",
                        System.getProperty("java.class.path"), IdleClients.class.getName(), stack.wsUri().toString(),
                        stack.token(user), threadId, Integer.toString(count)), Map.of(), settings.logs()));
            }
            int connected = 0;
            for (ServiceProcess client : clients) {
                client.awaitLog("READY", Duration.ofMinutes(10));
                connected += Integer.parseInt(lineAfter(client.log(), "READY").split(" ")[0]);
            }
            long rssAfter = settledRss(gateway);
            long heapAfter = heapUsedAfterGc(gateway);
            long sent = broadcast(settings.rabbitUri(), threadId);
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
            return List.of("%,d".formatted(sessions), "%.0f → %.0f MiB".formatted(rssBefore / 1048576.0, rssAfter / 1048576.0),
                    "%.1f KB".formatted((rssAfter - rssBefore) / 1024.0 / sessions),
                    "%.1f KB".formatted((heapAfter - heapBefore) / 1024.0 / sessions),
                    "%s / %s / %s".formatted(Report.millis(p50 / 1000.0), Report.millis(p99 / 1000.0),
                            Report.millis(last / 1000.0)), "%,d / %,d".formatted(delivered, sessions));
        }
        finally {
            clients.forEach(ServiceProcess::close);
        }
    }

    /** Publishes one event to the thread straight to the topic exchange, as a worker would; returns when (µs). */
    private static long broadcast(String rabbitUri, String threadId) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setUri(rabbitUri);
        try (Connection connection = factory.newConnection("bench-broadcast"); Channel channel = connection.createChannel()) {
            byte[] body = ("{\"type\":\"typing\",\"threadId\":\"" + threadId + "\",\"ts\":\"" + Instant.now()
                    + "\",\"userId\":\"broadcast\"}").getBytes(StandardCharsets.UTF_8);
            long sent = Markers.nowMicros();
            channel.basicPublish(Topology.EVENTS_EXCHANGE, Topology.threadRoutingKey(threadId),
                    new AMQP.BasicProperties.Builder().contentType("application/json").build(), body);
            return sent;
        }
    }

    private static long settledRss(ServiceProcess process) {
        heapUsedAfterGc(process);
        ServiceProcess.sleep(Duration.ofSeconds(2));
        return process.stats().rssBytes();
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

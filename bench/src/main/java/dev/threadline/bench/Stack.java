package dev.threadline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.threadline.common.auth.LocalTokens;
import dev.threadline.testing.FakeOpenAiServer;

/**
 * What the benchmark measures, each in its own process as in production: the gateway jar, the worker jar
 * and the store, with the machine's RabbitMQ; and, in the benchmark's own process, the fake model and
 * the load. The services' limits are lifted: the benchmark measures speed, not refusals.
 */
final class Stack implements AutoCloseable {

    private static final String SECRET = "threadline-bench-secret-0123456789abcdef";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String GATEWAY_STARTED = "Started GatewayApplication";
    private static final String WORKER_STARTED = "Started WorkerApplication";

    final FakeOpenAiServer model = new FakeOpenAiServer();
    private final BenchSettings settings;
    private final LocalTokens tokens = new LocalTokens(SECRET);
    private final int storePort = freePort();
    private final int gatewayPort = freePort();
    private final ServiceProcess store;
    private final ServiceProcess gateway;
    private final List<Gateway> gateways = new ArrayList<>();
    private ServiceProcess worker;
    private Gateway relayPeer;

    /** One gateway process and where its clients reach it. */
    record Gateway(ServiceProcess process, String host, int port) {

        URI wsUri() {
            return URI.create("ws://" + host + ":" + port + "/ws");
        }
    }

    Stack(BenchSettings settings) throws IOException {
        this.settings = settings;
        store = ServiceProcess.start("store", List.of("-Xmx2g"), List.of("-cp", System.getProperty("java.class.path"),
                BenchStore.class.getName(), Integer.toString(storePort)), Map.of(), settings.logs())
                .awaitLog("STORE READY", START_TIMEOUT);
        gateway = launchGateway("gateway", gatewayPort, Map.of());
        worker = launchWorker(List.of());
        gateway.awaitLog(GATEWAY_STARTED, START_TIMEOUT);
        worker.awaitLog(WORKER_STARTED, START_TIMEOUT);
        gateways.add(new Gateway(gateway, "127.0.0.1", gatewayPort));
        for (int i = 2; i <= settings.gateways(); i++) {
            int port = freePort();
            String host = "127.0.0." + i;
            gateways.add(new Gateway(launchGateway("gateway-" + i, port, Map.of("SERVER_ADDRESS", host))
                    .awaitLog(GATEWAY_STARTED, START_TIMEOUT), host, port));
        }
    }

    /** Starts a gateway process without waiting for it: the first gateway and the worker start side by side. */
    private ServiceProcess launchGateway(String name, int port, Map<String, String> extra) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>(extra);
        environment.put("SERVER_PORT", Integer.toString(port));
        environment.put("JWT_SECRET", SECRET);
        List<String> program = new ArrayList<>(List.of("-jar", settings.gatewayJar().toString(),
                "--threadline.limits.sessions.max-per-user=1000000", "--threadline.limits.sends.max-active-runs=1000000",
                "--threadline.limits.sends.burst=1000000", "--threadline.limits.sends.messages-per-minute=1000000",
                "--threadline.limits.rest.burst=1000000", "--threadline.limits.rest.requests-per-minute=1000000",
                "--threadline.limits.stomp.burst=1000000", "--threadline.limits.stomp.frames-per-minute=1000000"));
        program.addAll(settings.gatewayArgs());
        return ServiceProcess.start(name, settings.gatewayJvm(), program, services(environment), settings.logs());
    }

    /** The bench-only Spring broker-relay peer, started on first use (it needs RabbitMQ's STOMP plugin). */
    synchronized Gateway relayPeer() {
        if (relayPeer == null) {
            int port = freePort();
            try {
                relayPeer = new Gateway(ServiceProcess.start("relay-peer", List.of("-Xmx1g"), List.of("-jar",
                        settings.relayPeerJar().toString()), Map.of("SERVER_PORT", Integer.toString(port),
                        "RELAY_BROKER_LOGIN", settings.rabbitLogin().user(), "RELAY_BROKER_PASSCODE",
                        settings.rabbitLogin().password(), "RELAY_BROKER_VIRTUAL_HOST", settings.rabbitLogin().virtualHost()),
                        settings.logs()).awaitLog("Started RelayPeerApplication", START_TIMEOUT), "127.0.0.1", port);
            }
            catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
        }
        return relayPeer;
    }

    /** Replaces the worker with one started with extra Spring arguments. */
    void restartWorker(List<String> arguments) throws IOException {
        worker.close();
        worker = launchWorker(arguments).awaitLog(WORKER_STARTED, START_TIMEOUT);
    }

    private ServiceProcess launchWorker(List<String> arguments) throws IOException {
        List<String> program = new ArrayList<>(List.of("-jar", settings.workerJar().toString()));
        program.addAll(arguments);
        return ServiceProcess.start("worker", settings.workerJvm(), program, services(Map.of("OPENAI_API_KEY", "bench-key",
                "OPENAI_BASE_URL", model.baseUrl(), "OPENAI_API", settings.api(), "WORKER_MANAGEMENT_PORT", "0",
                "WORKER_MAX_RUNS", Integer.toString(settings.maxStreams() + 100))), settings.logs());
    }

    private Map<String, String> services(Map<String, String> own) {
        Map<String, String> environment = new LinkedHashMap<>(own);
        environment.put("RABBITMQ_URI", settings.rabbitUri());
        environment.put("MONGODB_URI", "mongodb://127.0.0.1:" + storePort + "/threadline-bench");
        return environment;
    }

    String httpUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    URI wsUri() {
        return URI.create("ws://127.0.0.1:" + gatewayPort + "/ws");
    }

    String token(String user) {
        return tokens.issue(user, Duration.ofHours(6), Map.of());
    }

    ServiceProcess gateway() {
        return gateway;
    }

    /** Every gateway process, the first being {@link #gateway()}. */
    List<Gateway> gateways() {
        return List.copyOf(gateways);
    }

    /** The processes whose CPU and memory the report shows. */
    Map<String, ProcessStats> processes() {
        Map<String, ProcessStats> processes = new LinkedHashMap<>();
        processes.put("gateway", gateway.stats());
        processes.put("worker", worker.stats());
        processes.put("store", store.stats());
        if (relayPeer != null) {
            processes.put("relay peer", relayPeer.process().stats());
        }
        ProcessStats.rabbitMq().ifPresent(rabbit -> processes.put("rabbitmq", rabbit));
        processes.put("bench (load + model)", new ProcessStats(ProcessHandle.current().pid()));
        return processes;
    }

    @Override
    public void close() {
        worker.close();
        if (relayPeer != null) {
            relayPeer.process().close();
        }
        gateways.forEach(each -> each.process().close());
        store.close();
        model.close();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }
}

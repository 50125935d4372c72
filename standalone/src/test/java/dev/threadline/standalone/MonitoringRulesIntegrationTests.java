package dev.threadline.standalone;

import java.io.IOException;
import java.io.Reader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.threadline.testing.ApiClient;
import dev.threadline.testing.FakeOpenAiServer;
import dev.threadline.testing.FakeReply;
import dev.threadline.testing.StompTestClient;
import dev.threadline.testing.TcpProxy;
import dev.threadline.testing.TestJvms;
import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The monitoring shipped in {@code deploy/kubernetes} watches what the services really export. The
 * gateway and worker jars run as their Deployments configure them (the ConfigMap, their variables, their
 * secrets as files), a conversation completes and one fails, both are scraped at
 * {@code /actuator/prometheus}, and every metric named by an alert of the PrometheusRule or a panel of the
 * Grafana dashboard, with every label it filters on, is found there — or is one of the few that
 * Prometheus itself, RabbitMQ's prometheus plugin or kube-state-metrics export. Also: the token script of
 * the gateway's PodMonitor makes a token the gateway serves metrics to; the gateway sends HSTS to
 * requests the ingress forwarded over HTTPS; and the signal of the broker alert really drops while a
 * worker cannot reach RabbitMQ.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringRulesIntegrationTests {

    private static final Path KUBERNETES = Path.of("../deploy/kubernetes");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Target labels Prometheus adds to every scraped series (the PodMonitors' job is the pod's name label). */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance", "pod", "namespace", "container");
    /** Metrics other exporters own: Prometheus, RabbitMQ's prometheus plugin, kube-state-metrics. */
    private static final Set<String> OTHER_EXPORTERS = Set.of("up", "rabbitmq_queue_messages",
            "rabbitmq_queue_messages_ready", "rabbitmq_queue_messages_unacked", "rabbitmq_queue_consumers",
            "kube_pod_status_ready", "kube_deployment_status_replicas_available", "kube_deployment_spec_replicas");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without", "on",
            "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");
    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{([^}]*)})? ");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)");

    @TempDir
    static Path secrets;

    private static FakeOpenAiServer model;
    private static Process gateway;
    private static Path gatewayLog;
    private static String gatewayUrl;
    private static TcpProxy workerBroker;
    private static WorkerProcess worker;
    private static String workerUrl;

    /**
     * The gateway and worker jars, each with the environment its Deployment gives it (the ConfigMap and its
     * own variables) and its secrets as files, as the Secret volume mounts them.
     */
    @BeforeAll
    static void start() throws IOException {
        model = new FakeOpenAiServer();
        DistributedHarness.purgeLeftoverRuns(TestServices.rabbitUri());
        URI broker = URI.create(TestServices.rabbitUri());
        workerBroker = new TcpProxy(broker.getHost(), broker.getPort());
        Map<String, String> secretValues = Map.of("RABBITMQ_URI", TestServices.rabbitUri(), "MONGODB_URI",
                TestServices.mongoUri(), "JWT_SECRET", TestTokens.SECRET, "OPENAI_API_KEY", "test-key");
        for (Map.Entry<String, String> secret : secretValues.entrySet()) {
            Files.writeString(secrets.resolve(secret.getKey()), secret.getValue() + "\n");
        }
        int gatewayPort = freePort();
        Map<String, String> gatewayEnvironment = deploymentEnvironment("gateway-deployment.yaml");
        gatewayEnvironment.put("SERVER_PORT", Integer.toString(gatewayPort));
        gatewayLog = Files.createTempFile(Files.createDirectories(Path.of("target", "monitoring-logs")), "gateway-", ".log");
        ProcessBuilder builder = new ProcessBuilder(TestJvms.java("-Xmx256m", "-jar",
                "../gateway/target/threadline-gateway.jar"))
                .redirectErrorStream(true).redirectOutput(gatewayLog.toFile());
        builder.environment().putAll(gatewayEnvironment);
        gateway = builder.start();
        gatewayUrl = "http://127.0.0.1:" + gatewayPort;

        Files.writeString(secrets.resolve("WORKER_RABBITMQ_URI"),
                TestServices.rabbitUri().replace(":" + broker.getPort(), ":" + workerBroker.port()));
        int workerPort = freePort();
        Map<String, String> workerEnvironment = deploymentEnvironment("worker-deployment.yaml");
        workerEnvironment.put("WORKER_MANAGEMENT_PORT", Integer.toString(workerPort));
        workerEnvironment.put("OPENAI_BASE_URL", model.baseUrl());
        workerEnvironment.put("RABBITMQ_URI_FILE", secrets.resolve("WORKER_RABBITMQ_URI").toString());
        worker = WorkerProcess.start(workerEnvironment);
        workerUrl = "http://127.0.0.1:" + workerPort;

        awaitReady(gatewayUrl, () -> log(gatewayLog));
        awaitReady(workerUrl, worker::log);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (gateway != null) {
            gateway.destroyForcibly();
        }
        model.close();
        if (workerBroker != null) {
            workerBroker.close();
        }
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardNameIsOneTheServicesExport() throws IOException {
        runAConversationThatCompletesAndOneThatFails();
        Map<String, Set<String>> exported = new HashMap<>();
        exported(scrape(gatewayUrl, TestTokens.withScope("prometheus", "metrics"), "gateway"), exported);
        exported(scrape(workerUrl, null, "worker"), exported);

        Map<String, String> expressions = new HashMap<>(ruleExpressions());
        expressions.putAll(dashboardExpressions());
        assertThat(expressions).hasSizeGreaterThanOrEqualTo(20);
        Set<String> named = new TreeSet<>();
        for (Map.Entry<String, String> expression : expressions.entrySet()) {
            Set<String> metrics = metricNames(expression.getValue());
            assertThat(metrics).as(expression.getKey()).isNotEmpty();
            for (String metric : metrics) {
                named.add(metric);
                if (!OTHER_EXPORTERS.contains(metric)) {
                    assertThat(exported).as(expression.getKey() + ": " + expression.getValue()).containsKey(metric);
                }
            }
            labelsFilteredOn(expression.getValue()).forEach((metric, labels) -> {
                if (exported.containsKey(metric)) {
                    Set<String> known = new HashSet<>(exported.get(metric));
                    known.addAll(TARGET_LABELS);
                    assertThat(known).as(expression.getKey() + ": labels of " + metric).containsAll(labels);
                }
            });
        }
        assertThat(named).contains("threadline_runs_queue_depth", "threadline_run_duration_seconds_count",
                "threadline_run_first_token_seconds", "threadline_relay_lag_seconds", "threadline_model_errors_total",
                "threadline_stomp_sessions", "rabbitmq_connections", "rabbitmq_queue_messages", "up");
    }

    @Test
    void metricNamesAreTheIdentifiersThatAreNeitherFunctionsNorLabelsNorKeywords() {
        assertThat(metricNames("sum by (job, pod) (rate(a_total{code=~\"x|y\", job!=\"z\"}[$__rate_interval]))"
                + " / on (pod) group_left (node) max_over_time(b_seconds{quantile=\"0.99\"}[5m:1m] offset 1h)"
                + " > bool 0.5 unless absent(up{job=\"w\"} == 1) or c + 1e3"))
                .containsExactly("a_total", "b_seconds", "c", "up");
    }

    @Test
    void theMetricsTokenScriptMakesATokenTheGatewayServesMetricsTo() throws Exception {
        ScriptRun withoutSecret = metricsTokenScript(null);
        ScriptRun withSecret = metricsTokenScript(TestTokens.SECRET);

        assertThat(withoutSecret.exitCode()).isNotZero();
        assertThat(withoutSecret.stderr()).contains("set JWT_SECRET");
        assertThat(withSecret.exitCode()).as(withSecret.stderr()).isZero();
        String token = withSecret.stdout().strip();
        assertThat(token).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        ApiClient.Response metrics = new ApiClient(gatewayUrl, token).get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("threadline_stomp_sessions");
        assertThat(new ApiClient(gatewayUrl, TestTokens.token("someone")).get("/actuator/prometheus").status())
                .isEqualTo(403);
    }

    @Test
    void theGatewayBehindTheIngressSendsHstsOnHttpsRequestsOnly() {
        ApiClient.Response forwardedHttps = new ApiClient(gatewayUrl, null).withHeader("X-Forwarded-Proto", "https")
                .get("/actuator/health/liveness");
        ApiClient.Response plain = new ApiClient(gatewayUrl, null).get("/actuator/health/liveness");

        assertThat(forwardedHttps.status()).isEqualTo(200);
        assertThat(forwardedHttps.header("Strict-Transport-Security")).startsWith("max-age=31536000")
                .contains("includeSubDomains");
        assertThat(plain.header("Strict-Transport-Security")).isNull();
    }

    /** Last, as it takes the worker's broker away for a while. */
    @Test
    @Order(Integer.MAX_VALUE)
    void theBrokerAlertsSignalDropsWhileAWorkerCannotReachTheBrokerAndComesBack() {
        ApiClient management = new ApiClient(workerUrl, null);
        assertThat(management.get("/actuator/prometheus").body()).containsPattern("(?m)^rabbitmq_connections\\{[^}]*} 1");

        workerBroker.cut();
        try {
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(management.get("/actuator/prometheus").body())
                    .containsPattern("(?m)^rabbitmq_connections\\{[^}]*} 0")
                    .containsPattern("(?m)^threadline_runs_queue_depth NaN"));
            assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(503);
        }
        finally {
            workerBroker.restore();
        }

        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(management.get("/actuator/health/readiness").status()).isEqualTo(200);
            assertThat(management.get("/actuator/prometheus").body())
                    .containsPattern("(?m)^rabbitmq_connections\\{[^}]*} 1");
        });
    }

    private static void runAConversationThatCompletesAndOneThatFails() {
        model.respondWith(request -> request.lastUserText().equals("fail")
                ? FakeReply.error(400, "bad request for the monitoring test") : FakeReply.text("Watched ", "answer."));
        String user = "monitoring-" + UUID.randomUUID();
        ApiClient api = new ApiClient(gatewayUrl, TestTokens.token(user));
        String threadId = api.post("/api/threads", Map.of()).json().path("id").asString();
        try (StompTestClient client = StompTestClient.connect(gatewayUrl.replace("http:", "ws:") + "/ws",
                TestTokens.token(user))) {
            List<JsonNode> events = client.subscribeAndWait("/topic/threads/" + threadId);
            api.post("/api/threads/" + threadId + "/messages", Map.of("content", "watch me"));
            await().atMost(TIMEOUT).until(() -> count(events, "run.completed") == 1);
            api.post("/api/threads/" + threadId + "/messages", Map.of("content", "fail"));
            await().atMost(TIMEOUT).until(() -> count(events, "run.failed") == 1);
        }
    }

    private static ScriptRun metricsTokenScript(String jwtSecret) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("bash", KUBERNETES.resolve("metrics-token.sh").toString());
        builder.environment().remove("JWT_SECRET");
        if (jwtSecret != null) {
            builder.environment().put("JWT_SECRET", jwtSecret);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        String stdout = new String(process.getInputStream().readAllBytes());
        String stderr = new String(process.getErrorStream().readAllBytes());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new ScriptRun(process.exitValue(), stdout, stderr);
    }

    private record ScriptRun(int exitCode, String stdout, String stderr) {
    }

    private static String scrape(String url, String token, String name) throws IOException {
        ApiClient.Response response = new ApiClient(url, token).get("/actuator/prometheus");
        assertThat(response.status()).as(name).isEqualTo(200);
        Files.writeString(Files.createDirectories(Path.of("target")).resolve(name + "-monitoring-scrape.txt"),
                response.body());
        return response.body();
    }

    /** Each series name of a scrape, with the label names it carries. */
    private static void exported(String scrape, Map<String, Set<String>> exported) {
        Matcher sample = SAMPLE.matcher(scrape);
        while (sample.find()) {
            Set<String> labels = exported.computeIfAbsent(sample.group(1), name -> new HashSet<>());
            if (sample.group(3) != null) {
                Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(sample.group(3));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
    }

    /**
     * The metric names of a PromQL expression: identifiers left once strings, label matchers, ranges,
     * grouping clauses and Grafana variables are taken out, except function names and keywords.
     */
    static Set<String> metricNames(String expression) {
        String bare = withoutVariables(expression).replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher identifier = IDENTIFIER.matcher(bare);
        while (identifier.find()) {
            String rest = bare.substring(identifier.end()).stripLeading();
            boolean function = rest.startsWith("(");
            boolean partOfNumber = identifier.start() > 0
                    && Character.toString(bare.charAt(identifier.start() - 1)).matches("[0-9.]");
            if (!function && !partOfNumber && !KEYWORDS.contains(identifier.group())) {
                names.add(identifier.group());
            }
        }
        return names;
    }

    /** The label names each metric selector of an expression filters on. */
    private static Map<String, Set<String>> labelsFilteredOn(String expression) {
        Map<String, Set<String>> labels = new HashMap<>();
        Matcher selector = SELECTOR.matcher(withoutVariables(expression));
        while (selector.find()) {
            Matcher label = LABEL.matcher(selector.group(2).replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\""));
            Set<String> names = labels.computeIfAbsent(selector.group(1), metric -> new HashSet<>());
            while (label.find()) {
                names.add(label.group(1));
            }
        }
        return labels;
    }

    private static String withoutVariables(String expression) {
        return expression.replaceAll("\\$\\{[^}]*}", "1m").replaceAll("\\$[a-zA-Z_]+", "1m");
    }

    /** Each alert's expression, by the alert's name. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> ruleExpressions() throws IOException {
        Map<String, Object> rule;
        try (Reader reader = Files.newBufferedReader(KUBERNETES.resolve("prometheus-rule.yaml"))) {
            rule = new Yaml().load(reader);
        }
        Map<String, String> expressions = new HashMap<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups")) {
            for (Map<String, Object> alert : (List<Map<String, Object>>) group.get("rules")) {
                expressions.put("alert " + alert.get("alert"), (String) alert.get("expr"));
            }
        }
        return expressions;
    }

    /** Each dashboard target's expression, by panel title and target id. */
    private static Map<String, String> dashboardExpressions() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(KUBERNETES.resolve("grafana-dashboard.json")));
        Map<String, String> expressions = new HashMap<>();
        collectTargets(dashboard.path("panels"), expressions);
        return expressions;
    }

    private static void collectTargets(JsonNode panels, Map<String, String> expressions) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                expressions.put("panel " + panel.path("title").asString() + " " + target.path("refId").asString(),
                        target.path("expr").asString());
            }
            collectTargets(panel.path("panels"), expressions);
        }
    }

    /**
     * What a Deployment's container sees: the ConfigMap, then its own variables, with each secret file of
     * the Secret volume replaced by the same file in {@link #secrets}.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, String> deploymentEnvironment(String manifest) throws IOException {
        Map<String, String> environment = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(KUBERNETES.resolve("config.yaml"))) {
            environment.putAll((Map<String, String>) ((Map<String, Object>) new Yaml().load(reader)).get("data"));
        }
        Map<String, Object> deployment;
        try (Reader reader = Files.newBufferedReader(KUBERNETES.resolve(manifest))) {
            deployment = new Yaml().load(reader);
        }
        Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment
                .get("spec")).get("template")).get("spec");
        Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).getFirst();
        String secretsPath = ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
                .filter(mount -> "secrets".equals(mount.get("name"))).map(mount -> (String) mount.get("mountPath"))
                .findFirst().orElseThrow();
        for (Map<String, Object> variable : (List<Map<String, Object>>) container.get("env")) {
            String name = (String) variable.get("name");
            String value = (String) variable.get("value");
            if (value.startsWith(secretsPath + "/")) {
                environment.put(name, secrets.resolve(value.substring(secretsPath.length() + 1)).toString());
                // blank, so a value this JVM inherited (the suite's RABBITMQ_URI) cannot win over the file
                environment.put(name.substring(0, name.length() - "_FILE".length()), "");
            }
            else {
                environment.put(name, value);
            }
        }
        environment.remove("JAVA_TOOL_OPTIONS");
        return environment;
    }

    private static void awaitReady(String url, java.util.function.Supplier<String> log) {
        ApiClient management = new ApiClient(url, null);
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500)).failFast(() -> {
            assertThat(gateway.isAlive()).as(log(gatewayLog)).isTrue();
            assertThat(worker.process().isAlive()).as(worker.log()).isTrue();
        }).until(() -> statusOf(management, "/actuator/health/readiness") == 200);
    }

    private static int statusOf(ApiClient client, String path) {
        try {
            return client.get(path).status();
        }
        catch (IllegalStateException notListeningYet) {
            return 0;
        }
    }

    private static String log(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static long count(List<JsonNode> events, String type) {
        return events.stream().filter(event -> type.equals(event.path("type").asString())).count();
    }
}

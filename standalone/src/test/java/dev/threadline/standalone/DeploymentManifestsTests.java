package dev.threadline.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.threadline.common.secret.SecretFileEnvironmentPostProcessor;
import dev.threadline.model.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validates {@code deploy/kubernetes}: every file is listed by the kustomization and every resource it
 * lists parses and is complete; selectors, ports and probes agree with each other and with the services'
 * own settings; the worker autoscaler watches the queue the workers consume; secrets reach the pods only
 * as files of the Secret; only the gateway is reachable from outside, through the TLS Ingress; rollouts
 * never remove a ready pod before its successor is ready; the backup runs daily with a retention; and
 * Prometheus scrapes the pods the alerts name.
 */
class DeploymentManifestsTests {

    private static final Path DIRECTORY = Path.of("../deploy/kubernetes");
    private static final Map<String, String> API_VERSIONS = Map.ofEntries(Map.entry("Namespace", "v1"),
            Map.entry("ConfigMap", "v1"), Map.entry("Service", "v1"), Map.entry("Deployment", "apps/v1"),
            Map.entry("PodDisruptionBudget", "policy/v1"), Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("ScaledObject", "keda.sh/v1alpha1"), Map.entry("TriggerAuthentication", "keda.sh/v1alpha1"),
            Map.entry("Ingress", "networking.k8s.io/v1"), Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("CronJob", "batch/v1"), Map.entry("PersistentVolumeClaim", "v1"),
            Map.entry("PodMonitor", "monitoring.coreos.com/v1"), Map.entry("PrometheusRule", "monitoring.coreos.com/v1"));
    private static final String SECRET = "threadline-secrets";
    /** Pods this repository does not deploy but whose ingress the NetworkPolicies guard. */
    private static final Set<String> INFRASTRUCTURE = Set.of("rabbitmq", "mongodb");
    /** Variables read through Spring Boot's relaxed binding, each with the property it sets. */
    private static final Map<String, String> RELAXED_NAMES = Map.of(
            "SERVER_FORWARDHEADERSSTRATEGY", "server.forward-headers-strategy",
            "THREADLINE_RUNS_SHUTDOWNGRACE", "threadline.runs.shutdown-grace");

    private static final List<Map<String, Object>> resources = new ArrayList<>();
    private static Map<String, Object> kustomization;

    @BeforeAll
    static void load() throws IOException {
        kustomization = yaml(DIRECTORY.resolve("kustomization.yaml")).getFirst();
        for (String file : strings(kustomization.get("resources"))) {
            resources.addAll(yaml(DIRECTORY.resolve(file)));
        }
    }

    @Test
    void theKustomizationListsEveryManifestAndGeneratesTheDashboardsConfigMap() throws IOException {
        Set<String> listed = new HashSet<>(strings(kustomization.get("resources")));
        Map<String, Object> generator = maps(kustomization.get("configMapGenerator")).getFirst();
        Set<String> generated = new HashSet<>(strings(generator.get("files")));
        try (var files = Files.list(DIRECTORY)) {
            for (Path file : files.map(Path::getFileName).toList()) {
                String name = file.toString();
                if (name.endsWith(".yaml") && !name.equals("kustomization.yaml")) {
                    assertThat(listed).as(name).contains(name);
                }
                else if (name.endsWith(".json")) {
                    assertThat(generated).as(name).contains(name);
                }
            }
        }
        listed.forEach(file -> assertThat(DIRECTORY.resolve(file)).exists());
        assertThat(generated).containsExactly("grafana-dashboard.json");
        assertThat(map(generator, "options")).containsEntry("disableNameSuffixHash", true);
        assertThat(map(map(generator, "options"), "labels")).containsEntry("grafana_dashboard", "1");
        assertThat(kustomization.get("namespace")).isEqualTo(name(ofKind("Namespace").getFirst()));
    }

    @Test
    void everyResourceIsAKnownKindWithItsApiVersionAndAName() {
        assertThat(resources).hasSizeGreaterThanOrEqualTo(21);
        for (Map<String, Object> resource : resources) {
            String kind = (String) resource.get("kind");
            assertThat(API_VERSIONS).as("kind %s", kind).containsKey(kind);
            assertThat(resource.get("apiVersion")).as(kind).isEqualTo(API_VERSIONS.get(kind));
            assertThat(map(resource, "metadata").get("name")).as(kind).isInstanceOf(String.class);
        }
    }

    @Test
    void deploymentsSelectTheirPodsAndProbeTheirOwnManagementPort() throws IOException {
        Map<String, Integer> expectedPorts = Map.of("threadline-gateway", defaultOf("gateway", "SERVER_PORT"),
                "threadline-worker", defaultOf("worker", "WORKER_MANAGEMENT_PORT"));
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            String name = name(deployment);
            Map<String, Object> template = map(map(deployment, "spec"), "template");
            assertThat(map(map(template, "metadata"), "labels"))
                    .containsAllEntriesOf(map(map(map(deployment, "spec"), "selector"), "matchLabels"));
            List<Map<String, Object>> containers = maps(map(template, "spec").get("containers"));
            assertThat(containers).hasSize(1);
            Map<String, Object> container = containers.getFirst();
            assertThat((String) container.get("image")).startsWith(name + ":");
            Map<String, Object> port = maps(container.get("ports")).getFirst();
            assertThat(port.get("containerPort")).as(name).isEqualTo(expectedPorts.get(name));
            assertThat(map(map(container, "resources"), "requests")).containsKeys("cpu", "memory");
            assertThat(map(map(container, "resources"), "limits")).containsKey("memory");
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                Map<String, Object> httpGet = map(map(container, probe), "httpGet");
                assertThat(httpGet.get("port")).as(name + " " + probe).isEqualTo(port.get("name"));
                assertThat(httpGet.get("path")).as(name + " " + probe).isEqualTo(probe.equals("readinessProbe")
                        ? "/actuator/health/readiness" : "/actuator/health/liveness");
            }
        }
    }

    @Test
    void theGatewayServiceReachesGatewayPodsWithoutSessionAffinity() {
        Map<String, Object> service = ofKind("Service").getFirst();
        Map<String, Object> gateway = named("Deployment", "threadline-gateway");
        assertThat(map(service, "spec").get("sessionAffinity")).isEqualTo("None");
        assertThat(podLabels(gateway)).containsAllEntriesOf(map(map(service, "spec"), "selector"));
        Object targetPort = maps(map(service, "spec").get("ports")).getFirst().get("targetPort");
        Map<String, Object> container = maps(map(map(map(gateway, "spec"), "template"), "spec").get("containers")).getFirst();
        assertThat(maps(container.get("ports")).getFirst().get("name")).isEqualTo(targetPort);
    }

    @Test
    void disruptionBudgetsAndAutoscalersTargetTheDeployments() {
        Set<String> deployments = new HashSet<>(ofKind("Deployment").stream().map(DeploymentManifestsTests::name).toList());
        assertThat(deployments).containsExactlyInAnyOrder("threadline-gateway", "threadline-worker");
        List<Map<String, Object>> budgets = ofKind("PodDisruptionBudget");
        assertThat(budgets).hasSize(2);
        for (Map<String, Object> budget : budgets) {
            Map<String, Object> selected = named("Deployment", name(budget));
            assertThat(podLabels(selected))
                    .containsAllEntriesOf(map(map(map(budget, "spec"), "selector"), "matchLabels"));
        }
        Map<String, Object> hpa = ofKind("HorizontalPodAutoscaler").getFirst();
        assertThat(deployments).contains((String) map(map(hpa, "spec"), "scaleTargetRef").get("name"));
    }

    @Test
    void workersScaleOnTheQueueTheyConsume() {
        Map<String, Object> scaledObject = ofKind("ScaledObject").getFirst();
        Map<String, Object> spec = map(scaledObject, "spec");
        assertThat(map(spec, "scaleTargetRef").get("name")).isEqualTo("threadline-worker");
        assertThat((Integer) spec.get("minReplicaCount")).isGreaterThanOrEqualTo(1);
        Map<String, Object> trigger = maps(spec.get("triggers")).getFirst();
        assertThat(trigger.get("type")).isEqualTo("rabbitmq");
        Map<String, Object> metadata = map(trigger, "metadata");
        assertThat(metadata.get("queueName")).isEqualTo(Topology.RUNS_QUEUE);
        assertThat(metadata.get("mode")).isEqualTo("QueueLength");
        assertThat(Integer.parseInt((String) metadata.get("value"))).isPositive();
        Map<String, Object> authentication = named("TriggerAuthentication", (String) map(trigger, "authenticationRef").get("name"));
        assertThat(maps(map(authentication, "spec").get("secretTargetRef"))).singleElement()
                .isEqualTo(Map.of("parameter", "host", "name", SECRET, "key", "RABBITMQ_URI"));
    }

    @Test
    void everySettingTheManifestsGiveIsOneTheServicesRead() throws IOException {
        Set<String> read = new HashSet<>(placeholders("gateway"));
        read.addAll(placeholders("worker"));
        read.addAll(List.of("JAVA_TOOL_OPTIONS", "LOGGING_STRUCTURED_FORMAT_CONSOLE"));
        SecretFileEnvironmentPostProcessor.VARIABLES.forEach(secret -> read.add(secret + "_FILE"));
        read.addAll(RELAXED_NAMES.keySet());
        Set<String> given = new HashSet<>(map(named("ConfigMap", "threadline-config"), "data").keySet());
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            maps(container(podSpec(deployment)).get("env")).forEach(env -> given.add((String) env.get("name")));
        }
        assertThat(read).containsAll(given);
        assertThat(read).contains("RABBITMQ_URI", "MONGODB_URI", "JWT_SECRET", "OPENAI_API_KEY");
    }

    @Test
    void variablesOfSpringPropertiesBindToThePropertiesTheServicesHave() throws IOException {
        for (Map.Entry<String, String> relaxed : RELAXED_NAMES.entrySet()) {
            StandardEnvironment environment = new StandardEnvironment();
            environment.getPropertySources().replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                    new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                            Map.of(relaxed.getKey(), "bound")));
            ConfigurationPropertySources.attach(environment);
            assertThat(Binder.get(environment).bind(relaxed.getValue(), String.class).orElse(null))
                    .as(relaxed.getKey()).isEqualTo("bound");
        }
        String runProperties = Files.readString(Path.of("../worker/src/main/java/dev/threadline/worker/run/RunProperties.java"));
        assertThat(runProperties).contains("@ConfigurationProperties(\"threadline.runs\")").contains("Duration shutdownGrace");
        assertThat(map(named("ConfigMap", "threadline-config"), "data"))
                .containsEntry("SERVER_FORWARDHEADERSSTRATEGY", "native");
    }

    @Test
    void secretsReachThePodsOnlyAsFilesOfTheSecretVolume() {
        List<Map<String, Object>> podSpecs = new ArrayList<>(ofKind("Deployment").stream()
                .map(DeploymentManifestsTests::podSpec).toList());
        podSpecs.add(cronJobPodSpec());
        for (Map<String, Object> podSpec : podSpecs) {
            Map<String, Object> container = container(podSpec);
            String containerName = (String) container.get("name");
            assertThat(String.valueOf(container.get("envFrom"))).as(containerName).doesNotContain("secretRef");
            Map<String, Object> volume = maps(podSpec.get("volumes")).stream()
                    .filter(candidate -> candidate.containsKey("secret")).findFirst().orElseThrow();
            Map<String, Object> secret = map(volume, "secret");
            assertThat(secret.get("secretName")).isEqualTo(SECRET);
            assertThat(secret.get("defaultMode")).as("owner and group may read, nobody else").isEqualTo(0440);
            assertThat(map(podSpec, "securityContext")).containsEntry("fsGroup", 1000);
            Set<String> keys = new HashSet<>(maps(secret.get("items")).stream().map(item -> (String) item.get("key")).toList());
            Map<String, Object> mount = maps(container.get("volumeMounts")).stream()
                    .filter(candidate -> volume.get("name").equals(candidate.get("name"))).findFirst().orElseThrow();
            assertThat(mount).containsEntry("readOnly", true);
            Set<String> files = new HashSet<>();
            for (Map<String, Object> env : maps(container.get("env"))) {
                String name = (String) env.get("name");
                assertThat(env).as(containerName + " " + name).doesNotContainKey("valueFrom");
                assertThat(SecretFileEnvironmentPostProcessor.VARIABLES).as(containerName).doesNotContain(name);
                if (name.endsWith("_FILE")) {
                    String secretName = name.substring(0, name.length() - "_FILE".length());
                    assertThat(SecretFileEnvironmentPostProcessor.VARIABLES).contains(secretName);
                    assertThat(env.get("value")).as(containerName).isEqualTo(mount.get("mountPath") + "/" + secretName);
                    files.add(secretName);
                }
            }
            assertThat(files).as(containerName + ": every mounted key is read, every key read is mounted").isEqualTo(keys);
        }
        assertThat(container(podSpec(named("Deployment", "threadline-gateway"))).toString()).contains("JWT_SECRET_FILE")
                .doesNotContain("OPENAI_API_KEY");
        assertThat(container(podSpec(named("Deployment", "threadline-worker"))).toString()).contains("OPENAI_API_KEY_FILE")
                .doesNotContain("JWT_SECRET");
    }

    @Test
    void rolloutsReplaceOnePodAtATimeAndLetItFinish() {
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Map<String, Object> spec = map(deployment, "spec");
            Map<String, Object> strategy = map(spec, "strategy");
            assertThat(strategy.get("type")).isEqualTo("RollingUpdate");
            assertThat(map(strategy, "rollingUpdate")).as(name(deployment)).containsEntry("maxUnavailable", 0)
                    .containsEntry("maxSurge", 1);
            assertThat((Integer) spec.get("minReadySeconds")).isPositive();
        }
        Map<String, Object> gateway = podSpec(named("Deployment", "threadline-gateway"));
        List<String> preStop = strings(map(map(map(container(gateway), "lifecycle"), "preStop"), "exec").get("command"));
        assertThat(preStop.getFirst()).isEqualTo("sleep");
        int spring = 30;
        assertThat((Integer) gateway.get("terminationGracePeriodSeconds"))
                .as("preStop, then Spring's graceful shutdown phase of %d s", spring)
                .isGreaterThanOrEqualTo(Integer.parseInt(preStop.get(1)) + spring);
        Map<String, Object> worker = podSpec(named("Deployment", "threadline-worker"));
        String drain = maps(container(worker).get("env")).stream()
                .filter(env -> "THREADLINE_RUNS_SHUTDOWNGRACE".equals(env.get("name"))).map(env -> (String) env.get("value"))
                .findFirst().orElseThrow();
        assertThat(drain).matches("\\d+s");
        assertThat((Integer) worker.get("terminationGracePeriodSeconds")).as("the drain ends before SIGKILL")
                .isGreaterThan(Integer.parseInt(drain.replace("s", "")) + 10);
    }

    @Test
    void theIngressServesTheGatewayOverTlsWithLongLivedWebSockets() {
        Map<String, Object> ingress = ofKind("Ingress").getFirst();
        Map<String, Object> annotations = map(map(ingress, "metadata"), "annotations");
        assertThat(annotations).containsKey("cert-manager.io/cluster-issuer")
                .containsEntry("nginx.ingress.kubernetes.io/force-ssl-redirect", "true");
        for (String timeout : List.of("proxy-read-timeout", "proxy-send-timeout")) {
            assertThat(Integer.parseInt((String) annotations.get("nginx.ingress.kubernetes.io/" + timeout)))
                    .as(timeout).isGreaterThanOrEqualTo(3600);
        }
        Map<String, Object> spec = map(ingress, "spec");
        Map<String, Object> tls = maps(spec.get("tls")).getFirst();
        assertThat(tls.get("secretName")).isInstanceOf(String.class);
        Map<String, Object> rule = maps(spec.get("rules")).getFirst();
        assertThat(strings(tls.get("hosts"))).containsExactly((String) rule.get("host"));
        Map<String, Object> backend = map(maps(map(rule, "http").get("paths")).getFirst(), "backend");
        Map<String, Object> service = named("Service", (String) map(backend, "service").get("name"));
        assertThat(maps(map(service, "spec").get("ports")).getFirst().get("name"))
                .isEqualTo(map(map(backend, "service"), "port").get("name"));
        assertThat(map(named("ConfigMap", "threadline-config"), "data"))
                .as("the WebSocket accepts the app's own origin").containsEntry("ALLOWED_ORIGINS", "https://" + rule.get("host"));
    }

    @Test
    void onlyTheGatewayIsReachableFromOutsideAndTheBrokerAndStoreOnlyFromTheServices() {
        Map<String, Object> denyAll = map(named("NetworkPolicy", "default-deny-ingress"), "spec");
        assertThat(map(denyAll, "podSelector")).isEmpty();
        assertThat(strings(denyAll.get("policyTypes"))).containsExactly("Ingress");
        assertThat(denyAll).doesNotContainKey("ingress");

        Map<String, Map<String, Object>> pods = new HashMap<>();
        ofKind("Deployment").forEach(deployment -> pods.put(name(deployment), podLabels(deployment)));
        pods.put(name(ofKind("CronJob").getFirst()), map(map(cronJobTemplate(), "metadata"), "labels"));
        INFRASTRUCTURE.forEach(name -> pods.put(name, Map.of("app.kubernetes.io/name", name)));
        Map<String, Set<String>> reachableFrom = new HashMap<>();
        for (Map<String, Object> policy : ofKind("NetworkPolicy")) {
            Map<String, Object> spec = map(policy, "spec");
            Map<String, Object> selector = map(spec, "podSelector");
            if (selector.isEmpty()) {
                continue;
            }
            String target = selected(pods, map(selector, "matchLabels"));
            assertThat(strings(spec.get("policyTypes"))).containsExactly("Ingress");
            for (Map<String, Object> rule : maps(spec.get("ingress"))) {
                for (Map<String, Object> peer : maps(rule.get("from"))) {
                    String source = peer.containsKey("namespaceSelector")
                            ? "namespace " + map(map(peer, "namespaceSelector"), "matchLabels").get("kubernetes.io/metadata.name")
                            : selected(pods, map(map(peer, "podSelector"), "matchLabels"));
                    reachableFrom.computeIfAbsent(target, key -> new HashSet<>()).add(source);
                }
            }
        }
        assertThat(reachableFrom.get("threadline-gateway")).containsExactlyInAnyOrder("namespace ingress-nginx", "namespace monitoring");
        assertThat(reachableFrom.get("threadline-worker")).containsExactly("namespace monitoring");
        assertThat(reachableFrom.get("rabbitmq")).containsExactlyInAnyOrder("threadline-gateway", "threadline-worker",
                "namespace keda", "namespace monitoring", "rabbitmq");
        assertThat(reachableFrom.get("mongodb")).containsExactlyInAnyOrder("threadline-gateway", "threadline-worker",
                "threadline-backup", "mongodb");
        assertThat(reachableFrom).doesNotContainKey("threadline-backup");

        Map<String, Object> gatewayPolicy = map(named("NetworkPolicy", "threadline-gateway"), "spec");
        String gatewayPort = (String) maps(container(podSpec(named("Deployment", "threadline-gateway"))).get("ports"))
                .getFirst().get("name");
        maps(gatewayPolicy.get("ingress")).forEach(rule ->
                assertThat(maps(rule.get("ports"))).containsExactly(Map.of("port", gatewayPort)));
    }

    @Test
    void theBackupRunsDailyIntoItsVolumeWithARetention() throws IOException {
        Map<String, Object> cronJob = ofKind("CronJob").getFirst();
        Map<String, Object> spec = map(cronJob, "spec");
        assertThat(((String) spec.get("schedule")).split(" ")).hasSize(5)
                .satisfies(fields -> assertThat(fields[2] + fields[3] + fields[4]).isEqualTo("***"));
        assertThat(spec.get("concurrencyPolicy")).isEqualTo("Forbid");
        Map<String, Object> podSpec = cronJobPodSpec();
        assertThat(podSpec.get("restartPolicy")).isEqualTo("Never");
        Map<String, Object> container = container(podSpec);
        assertThat((String) container.get("image")).isEqualTo(container(podSpec(named("Deployment", "threadline-worker"))).get("image"));
        String script = strings(container.get("args")).getFirst();
        String mainClass = Pattern.compile("<mainClass>([^<]+)</mainClass>")
                .matcher(Files.readString(Path.of("../worker/pom.xml"))).results().findFirst().orElseThrow().group(1);
        assertThat(script).contains("java -cp @/app/jib-classpath-file " + mainClass + " --backup \"$partial\"")
                .contains("BACKUP_RETENTION_DAYS");
        int retention = maps(container.get("env")).stream().filter(env -> "BACKUP_RETENTION_DAYS".equals(env.get("name")))
                .map(env -> Integer.parseInt((String) env.get("value"))).findFirst().orElseThrow();
        assertThat(retention).isPositive();

        Map<String, Object> backupVolume = maps(podSpec.get("volumes")).stream()
                .filter(volume -> volume.containsKey("persistentVolumeClaim")).findFirst().orElseThrow();
        Map<String, Object> claim = named("PersistentVolumeClaim",
                (String) map(backupVolume, "persistentVolumeClaim").get("claimName"));
        assertThat(strings(map(claim, "spec").get("accessModes"))).containsExactly("ReadWriteOnce");
        assertThat(map(map(map(claim, "spec"), "resources"), "requests")).containsKey("storage");
        assertThat(maps(container.get("volumeMounts"))).contains(Map.of("name", backupVolume.get("name"), "mountPath", "/backup"));
    }

    @Test
    void prometheusScrapesThePodsTheAlertsName() throws IOException {
        Set<String> jobs = new HashSet<>();
        for (Map<String, Object> monitor : ofKind("PodMonitor")) {
            Map<String, Object> spec = map(monitor, "spec");
            Map<String, Object> deployment = named("Deployment", name(monitor));
            assertThat(podLabels(deployment)).containsAllEntriesOf(map(map(spec, "selector"), "matchLabels"));
            String jobLabel = (String) spec.get("jobLabel");
            jobs.add((String) podLabels(deployment).get(jobLabel));
            Map<String, Object> endpoint = maps(spec.get("podMetricsEndpoints")).getFirst();
            assertThat(endpoint.get("path")).isEqualTo("/actuator/prometheus");
            assertThat(maps(container(podSpec(deployment)).get("ports")).stream().map(port -> port.get("name")))
                    .contains(endpoint.get("port"));
        }
        assertThat(jobs).containsExactlyInAnyOrder("threadline-gateway", "threadline-worker");
        Map<String, Object> gatewayEndpoint = maps(map(named("PodMonitor", "threadline-gateway"), "spec")
                .get("podMetricsEndpoints")).getFirst();
        assertThat(map(gatewayEndpoint, "authorization")).containsEntry("type", "Bearer");
        assertThat(Files.readString(DIRECTORY.resolve("metrics-token.sh")))
                .contains("--from-literal=" + map(map(gatewayEndpoint, "authorization"), "credentials").get("key") + "=")
                .contains("secret generic " + map(map(gatewayEndpoint, "authorization"), "credentials").get("name"));

        Set<String> alerts = new HashSet<>();
        Matcher job = Pattern.compile("job=~?\"([^\"]+)\"").matcher("");
        for (Map<String, Object> group : maps(map(ofKind("PrometheusRule").getFirst(), "spec").get("groups"))) {
            for (Map<String, Object> rule : maps(group.get("rules"))) {
                String alert = (String) rule.get("alert");
                alerts.add(alert);
                assertThat(rule).as(alert).containsKeys("expr", "for");
                assertThat(map(rule, "labels").get("severity")).as(alert).isIn("warning", "critical");
                assertThat(map(rule, "annotations")).as(alert).containsKeys("summary", "description");
                job.reset((String) rule.get("expr"));
                while (job.find()) {
                    assertThat(jobs).as(alert).containsAll(List.of(job.group(1).split("\\|")));
                }
            }
        }
        assertThat(alerts).contains("ThreadlineRunsWaitingTooLong", "ThreadlineDeadLetters", "ThreadlineRunFailureRatio",
                "ThreadlineFirstTokenSlow", "ThreadlineRelayLag", "ThreadlineGatewayDown", "ThreadlineWorkerDown",
                "ThreadlineNotReady", "ThreadlineBrokerUnreachable");
    }

    private static Set<String> placeholders(String service) throws IOException {
        String yml = Files.readString(Path.of("../" + service + "/src/main/resources/" + service + ".yml"));
        Set<String> names = new HashSet<>();
        Matcher matcher = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]").matcher(yml);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static int defaultOf(String service, String variable) throws IOException {
        String yml = Files.readString(Path.of("../" + service + "/src/main/resources/" + service + ".yml"));
        Matcher matcher = Pattern.compile("\\$\\{" + variable + ":(\\d+)}").matcher(yml);
        assertThat(matcher.find()).as(variable + " in " + service + ".yml").isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static String selected(Map<String, Map<String, Object>> pods, Map<String, Object> matchLabels) {
        return pods.entrySet().stream().filter(pod -> pod.getValue().entrySet().containsAll(matchLabels.entrySet()))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no pod has the labels " + matchLabels));
    }

    private static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(map(map(deployment, "spec"), "template"), "spec");
    }

    private static Map<String, Object> cronJobTemplate() {
        return map(map(map(map(ofKind("CronJob").getFirst(), "spec"), "jobTemplate"), "spec"), "template");
    }

    private static Map<String, Object> cronJobPodSpec() {
        return map(cronJobTemplate(), "spec");
    }

    private static Map<String, Object> container(Map<String, Object> podSpec) {
        List<Map<String, Object>> containers = maps(podSpec.get("containers"));
        assertThat(containers).hasSize(1);
        return containers.getFirst();
    }

    private static Map<String, Object> podLabels(Map<String, Object> deployment) {
        return map(map(map(map(deployment, "spec"), "template"), "metadata"), "labels");
    }

    private static List<Map<String, Object>> ofKind(String kind) {
        return resources.stream().filter(resource -> kind.equals(resource.get("kind"))).toList();
    }

    private static Map<String, Object> named(String kind, String name) {
        return ofKind(kind).stream().filter(resource -> name.equals(name(resource))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    private static String name(Map<String, Object> resource) {
        return (String) map(resource, "metadata").get("name");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return (List<String>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> yaml(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file)) {
            for (Object document : new Yaml().loadAll(reader)) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
        }
        return documents;
    }
}

package dev.threadline.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.threadline.model.Topology;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Validates {@code deploy/kubernetes}: every resource the kustomization lists parses and is complete,
 * selectors, ports and probes agree with each other and with the services' own settings, and the
 * worker autoscaler watches the queue the workers consume.
 */
class DeploymentManifestsTests {

    private static final Path DIRECTORY = Path.of("../deploy/kubernetes");
    private static final Map<String, String> API_VERSIONS = Map.of("Namespace", "v1", "ConfigMap", "v1",
            "Service", "v1", "Deployment", "apps/v1", "PodDisruptionBudget", "policy/v1",
            "HorizontalPodAutoscaler", "autoscaling/v2", "ScaledObject", "keda.sh/v1alpha1");

    private static final List<Map<String, Object>> resources = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        Map<String, Object> kustomization = yaml(DIRECTORY.resolve("kustomization.yaml")).getFirst();
        for (String file : strings(kustomization.get("resources"))) {
            resources.addAll(yaml(DIRECTORY.resolve(file)));
        }
    }

    @Test
    void everyResourceIsAKnownKindWithItsApiVersionAndAName() {
        assertThat(resources).hasSizeGreaterThanOrEqualTo(9);
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
        assertThat(metadata.get("hostFromEnv")).isEqualTo("RABBITMQ_URI");
    }

    @Test
    void everySettingTheManifestsGiveIsOneTheServicesRead() throws IOException {
        Set<String> read = new HashSet<>(placeholders("gateway"));
        read.addAll(placeholders("worker"));
        read.addAll(List.of("JAVA_TOOL_OPTIONS", "LOGGING_STRUCTURED_FORMAT_CONSOLE"));
        Set<String> given = new HashSet<>(map(named("ConfigMap", "threadline-config"), "data").keySet());
        for (Map<String, Object> deployment : ofKind("Deployment")) {
            Map<String, Object> container = maps(map(map(map(deployment, "spec"), "template"), "spec")
                    .get("containers")).getFirst();
            maps(container.get("env")).forEach(env -> given.add((String) env.get("name")));
        }
        assertThat(read).containsAll(given);
        assertThat(read).contains("RABBITMQ_URI", "MONGODB_URI", "JWT_SECRET", "OPENAI_API_KEY");
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

package dev.threadline.standalone;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code docker-compose.yml} is safe as shipped. There is no Docker engine here, so the file is parsed
 * and its variables interpolated as Compose does ({@code ${X}}, {@code ${X:-default}},
 * {@code ${X:?message}}, {@code $$}): without its secrets it refuses to start and says what to set;
 * only the gateway is published and only on 127.0.0.1 by default; every service has a healthcheck and
 * waits for its dependencies to be healthy; MongoDB runs as a replica set with authorization.
 */
class ComposeFileTests {

    private static final Path COMPOSE = Path.of("../docker-compose.yml");
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
    private static final Pattern SECRET_NAME = Pattern.compile(".*(SECRET|PASSWORD|PASS)$");
    private static final Pattern KEY_NAME = Pattern.compile(".*(KEY|TOKEN).*");
    private static final Map<String, String> SECRETS = Map.of("JWT_SECRET", "a".repeat(48), "RABBITMQ_PASSWORD",
            "0123456789abcdef", "MONGODB_ROOT_PASSWORD", "fedcba9876543210", "MONGODB_PASSWORD", "00112233aabbccdd");

    private static String text;
    private static Map<String, Object> compose;

    @BeforeAll
    static void load() throws IOException {
        text = Files.readString(COMPOSE);
        try (Reader reader = Files.newBufferedReader(COMPOSE)) {
            compose = new Yaml().load(reader);
        }
    }

    @Test
    void withoutItsSecretsComposeRefusesToStartAndSaysWhatToSet() {
        for (String missing : SECRETS.keySet()) {
            Map<String, String> environment = new HashMap<>(SECRETS);
            environment.put(missing, "");
            assertThatThrownBy(() -> interpolate(compose, environment::get)).as(missing)
                    .isInstanceOf(MissingVariable.class)
                    .hasMessageStartingWith(missing + ": set " + missing + " in .env, e.g. openssl rand -");
        }
        assertThat(interpolate(compose, SECRETS::get)).isInstanceOf(Map.class);
    }

    @Test
    void everySecretIsRequiredAndNoKeyHasADefault() {
        Matcher matcher = VARIABLE.matcher(text);
        Set<String> secrets = new HashSet<>();
        while (matcher.find()) {
            String name = matcher.group(1);
            if (SECRET_NAME.matcher(name).matches()) {
                secrets.add(name);
                assertThat(matcher.group(2)).as(matcher.group()).isEqualTo(":?");
                assertThat(matcher.group(3)).as(matcher.group()).contains(name).contains("openssl rand");
            }
            else if (KEY_NAME.matcher(name).matches()) {
                assertThat(matcher.group(3)).as(matcher.group() + " has no default").isNullOrEmpty();
            }
        }
        assertThat(secrets).containsExactlyInAnyOrderElementsOf(SECRETS.keySet());
        assertThat(text).doesNotContainIgnoringCase("change-me").doesNotContain("guest:guest");
    }

    @Test
    void onlyTheGatewayIsPublishedAndEveryPublishedPortOnlyOnThisHost() {
        Map<String, Object> services = resolvedServices();
        for (Map.Entry<String, Object> service : services.entrySet()) {
            for (Object port : list(map(service.getValue()).get("ports"))) {
                String published = (String) port;
                assertThat(published).as(service.getKey()).startsWith("127.0.0.1:").matches("127\\.0\\.0\\.1:\\d+:\\d+");
            }
        }
        assertThat(list(map(services.get("rabbitmq")).get("ports"))).containsExactly((Object) "127.0.0.1:15672:15672");
        assertThat(map(services.get("mongodb"))).doesNotContainKey("ports");
        assertThat(map(services.get("worker"))).doesNotContainKey("ports");
        assertThat(list(map(services.get("gateway")).get("ports"))).containsExactly((Object) "127.0.0.1:8080:8080");
    }

    @Test
    void everyServiceHasAHealthcheckAndWaitsForItsDependenciesToBeHealthy() {
        Map<String, Object> services = map(compose.get("services"));
        assertThat(services).containsOnlyKeys("rabbitmq", "mongodb", "gateway", "worker");
        for (Map.Entry<String, Object> service : services.entrySet()) {
            Map<String, Object> healthcheck = map(map(service.getValue()).get("healthcheck"));
            assertThat(list(healthcheck.get("test"))).as(service.getKey()).isNotEmpty();
            assertThat(map(service.getValue()).get("restart")).as(service.getKey()).isEqualTo("unless-stopped");
            Object dependsOn = map(service.getValue()).get("depends_on");
            if (dependsOn != null) {
                for (Map.Entry<String, Object> dependency : map(dependsOn).entrySet()) {
                    assertThat(services).containsKey(dependency.getKey());
                    assertThat(map(dependency.getValue())).as(service.getKey() + " → " + dependency.getKey())
                            .containsEntry("condition", "service_healthy");
                }
            }
        }
        for (String app : List.of("gateway", "worker")) {
            assertThat(map(map(services.get(app)).get("depends_on"))).containsOnlyKeys("rabbitmq", "mongodb");
        }
    }

    @Test
    void mongoRunsAsAnAuthenticatedReplicaSetThatTheServicesJoin() throws IOException {
        Map<String, Object> services = resolvedServices();
        Map<String, Object> mongodb = map(services.get("mongodb"));
        String start = String.join(" ", strings(mongodb.get("entrypoint")));
        assertThat(start).contains("mongod --replSet rs0 --keyFile \"$keyfile\"").contains("chmod 400 \"$keyfile\"")
                .contains("exec docker-entrypoint.sh");
        Map<String, Object> environment = map(mongodb.get("environment"));
        assertThat(environment).containsEntry("MONGO_INITDB_ROOT_PASSWORD", SECRETS.get("MONGODB_ROOT_PASSWORD"));

        String readyScript = strings(map(mongodb.get("healthcheck")).get("test")).getLast();
        String mount = strings(mongodb.get("volumes")).stream().filter(volume -> volume.endsWith(":" + readyScript + ":ro"))
                .findFirst().orElseThrow();
        String script = Files.readString(Path.of("..").resolve(mount.substring(0, mount.indexOf(':'))));
        assertThat(script).contains("rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongodb:27017' }] })")
                .contains("isWritablePrimary").contains("createUser").contains("role: 'readWrite', db: 'threadline'");

        for (String app : List.of("gateway", "worker")) {
            Map<String, Object> appEnvironment = map(map(services.get(app)).get("environment"));
            assertThat((String) appEnvironment.get("MONGODB_URI")).isEqualTo("mongodb://threadline:"
                    + SECRETS.get("MONGODB_PASSWORD") + "@mongodb:27017/threadline?authSource=admin&replicaSet=rs0");
            assertThat((String) appEnvironment.get("RABBITMQ_URI"))
                    .isEqualTo("amqp://threadline:" + SECRETS.get("RABBITMQ_PASSWORD") + "@rabbitmq:5672");
            assertThat(appEnvironment).containsEntry("JWT_SECRET", SECRETS.get("JWT_SECRET"));
        }
        assertThat(map(map(services.get("rabbitmq")).get("environment")))
                .containsEntry("RABBITMQ_DEFAULT_USER", "threadline")
                .containsEntry("RABBITMQ_DEFAULT_PASS", SECRETS.get("RABBITMQ_PASSWORD"));
    }

    @Test
    void everyVariableIsExplainedInTheEnvExampleAndEverySettingIsOneTheServicesRead() throws IOException {
        String example = Files.readString(Path.of("../.env.example"));
        Matcher matcher = VARIABLE.matcher(text);
        while (matcher.find()) {
            assertThat(example).as(matcher.group(1)).containsPattern("(?m)^" + matcher.group(1) + "=");
        }
        for (String secret : SECRETS.keySet()) {
            assertThat(example).containsPattern("(?m)^" + secret + "=$");
        }
        Set<String> read = new HashSet<>();
        for (String service : List.of("gateway", "worker")) {
            Matcher placeholder = Pattern.compile("\\$\\{([A-Z0-9_]+)[:}]")
                    .matcher(Files.readString(Path.of("../" + service + "/src/main/resources/" + service + ".yml")));
            while (placeholder.find()) {
                read.add(placeholder.group(1));
            }
        }
        assertThat(read).containsAll(map(map(map(compose.get("services")).get("gateway")).get("environment")).keySet());
    }

    private static Map<String, Object> resolvedServices() {
        Map<String, String> environment = new HashMap<>(SECRETS);
        return map(map(interpolate(compose, environment::get)).get("services"));
    }

    /** Compose's interpolation of every string of the file, keys untouched. */
    private static Object interpolate(Object node, Function<String, String> environment) {
        if (node instanceof Map<?, ?> values) {
            Map<String, Object> result = new LinkedHashMap<>();
            values.forEach((key, value) -> result.put((String) key, interpolate(value, environment)));
            return result;
        }
        if (node instanceof List<?> values) {
            List<Object> result = new ArrayList<>();
            values.forEach(value -> result.add(interpolate(value, environment)));
            return result;
        }
        if (node instanceof String value) {
            return interpolate(value, environment);
        }
        return node;
    }

    private static String interpolate(String value, Function<String, String> environment) {
        String escaped = value.replace("$$", "\u0000");
        Matcher matcher = VARIABLE.matcher(escaped);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            String operator = matcher.group(2);
            String argument = matcher.group(3);
            String current = environment.apply(name);
            boolean unset = current == null || (operator != null && operator.startsWith(":") && current.isEmpty());
            String replacement;
            if (operator != null && operator.endsWith("?") && unset) {
                throw new MissingVariable(name + ": " + argument);
            }
            replacement = operator != null && operator.endsWith("-") && unset ? argument : current == null ? "" : current;
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString().replace('\u0000', '$');
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    private static List<Object> list(Object value) {
        return value == null ? List.of() : List.copyOf((List<?>) value);
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return (List<String>) value;
    }

    /** What Compose reports for a {@code ${X:?message}} whose variable is unset or empty. */
    static final class MissingVariable extends RuntimeException {

        MissingVariable(String message) {
            super(message);
        }
    }
}

package dev.threadline.gateway.docs;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.threadline.gateway.stomp.Destinations;
import dev.threadline.common.broker.TopologyDeclarables;
import dev.threadline.model.event.ThreadEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.Exchange;
import org.springframework.amqp.core.Queue;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code docs/asyncapi.yaml} names exactly the destinations, event types and topology the code has. */
class AsyncApiDocumentTests {

    private static final String THREAD_ID = "0123456789abcdef01234567";

    private static Map<String, Map<String, Object>> channels;
    private static Map<String, Object> document;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void read() throws IOException {
        try (Reader reader = Files.newBufferedReader(Path.of("../docs/asyncapi.yaml"))) {
            document = new Yaml().load(reader);
        }
        channels = (Map<String, Map<String, Object>>) document.get("channels");
    }

    @Test
    void isAnAsyncApi3DocumentWhoseOperationsReferToItsChannels() {
        assertThat(document.get("asyncapi")).isEqualTo("3.0.0");
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, String>>> operations = (Map<String, Map<String, Map<String, String>>>) document
                .get("operations");
        assertThat(operations).isNotEmpty();
        operations.values().forEach(operation -> assertThat(operation.get("channel").get("$ref"))
                .startsWith("#/channels/")
                .satisfies(ref -> assertThat(channels).containsKey(ref.substring("#/channels/".length()))));
    }

    @Test
    void sendDestinationsAreTheGatewaysMessageMappings() throws ClassNotFoundException {
        Class<?> controller = Class.forName("dev.threadline.gateway.thread.ThreadMessagingController");
        Set<String> mapped = Arrays.stream(controller.getDeclaredMethods())
                .map(method -> method.getAnnotation(MessageMapping.class)).filter(java.util.Objects::nonNull)
                .flatMap(mapping -> Arrays.stream(mapping.value())).map(path -> "/app" + path)
                .collect(Collectors.toSet());
        Set<String> documented = addresses().stream().filter(address -> address.startsWith("/app/"))
                .collect(Collectors.toSet());
        assertThat(documented).isEqualTo(mapped);
        documented.forEach(address -> assertThat(Destinations.threadOfAction(address.replace("{threadId}", THREAD_ID)))
                .as(address).isEqualTo(THREAD_ID));
    }

    @Test
    void subscriptionDestinationsAreTheOnesTheGatewayAccepts() {
        Set<String> documented = addresses().stream()
                .filter(address -> address.startsWith("/topic/") || address.startsWith("/user/"))
                .collect(Collectors.toSet());
        assertThat(documented).containsExactlyInAnyOrder(Destinations.THREAD_TOPIC_PREFIX + "{threadId}",
                Destinations.ERRORS);
        assertThat(Destinations.threadOfTopic(Destinations.THREAD_TOPIC_PREFIX + THREAD_ID)).isEqualTo(THREAD_ID);
    }

    @Test
    @SuppressWarnings("unchecked")
    void eventTypesAreTheSharedModelsEvents() {
        Map<String, Object> schema = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) document
                .get("components")).get("schemas")).get("ThreadEvent");
        List<String> documented = (List<String>) ((Map<String, Object>) ((Map<String, Object>) schema.get("properties"))
                .get("type")).get("enum");
        List<String> modelled = Arrays.stream(ThreadEvent.class.getAnnotation(JsonSubTypes.class).value())
                .map(JsonSubTypes.Type::name).toList();
        assertThat(documented).containsExactlyInAnyOrderElementsOf(modelled);
    }

    @Test
    @SuppressWarnings("unchecked")
    void amqpChannelsAreTheDeclaredTopology() {
        Declarables topology = TopologyDeclarables.create(true, "quorum");
        Map<String, String> exchanges = new HashMap<>();
        topology.getDeclarablesByType(Exchange.class).forEach(exchange -> exchanges.put(exchange.getName(), exchange.getType()));
        Set<String> queues = topology.getDeclarablesByType(Queue.class).stream().map(Queue::getName)
                .collect(Collectors.toSet());

        Map<String, String> documentedExchanges = new HashMap<>();
        Set<String> documentedQueues = new java.util.HashSet<>();
        channels.values().forEach(channel -> {
            Map<String, Object> amqp = (Map<String, Object>) ((Map<String, Object>) channel.getOrDefault("bindings",
                    Map.of())).get("amqp");
            if (amqp == null) {
                return;
            }
            if ("queue".equals(amqp.get("is"))) {
                documentedQueues.add((String) ((Map<String, Object>) amqp.get("queue")).get("name"));
                assertThat(channel.get("address")).isEqualTo(((Map<String, Object>) amqp.get("queue")).get("name"));
            }
            else {
                Map<String, Object> exchange = (Map<String, Object>) amqp.get("exchange");
                documentedExchanges.put((String) exchange.get("name"), (String) exchange.get("type"));
                assertThat(channel.get("address")).isEqualTo(exchange.get("name"));
            }
        });
        assertThat(documentedExchanges).isEqualTo(exchanges);
        assertThat(documentedQueues).isEqualTo(queues);
    }

    private static List<String> addresses() {
        return channels.values().stream().map(channel -> (String) channel.get("address")).toList();
    }
}

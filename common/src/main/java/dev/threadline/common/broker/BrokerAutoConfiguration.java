package dev.threadline.common.broker;

import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.config.ContainerCustomizer;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

/** The durable topology of PROTOCOL.md §6 and the JSON of its messages, the same in gateways and workers. */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@EnableConfigurationProperties(BrokerProperties.class)
public class BrokerAutoConfiguration {

    @Bean
    Declarables threadlineTopology(BrokerProperties properties) {
        return TopologyDeclarables.create(properties.rabbitmqExtensions(), properties.queueType());
    }

    /** Listeners reconnect within a second of the broker coming back (Spring AMQP's default waits 5 s). */
    @Bean
    ContainerCustomizer<SimpleMessageListenerContainer> fastListenerRecovery(BrokerProperties properties) {
        return container -> container.setRecoveryInterval(properties.recoveryInterval().toMillis());
    }

    @Bean
    AmqpJson amqpJson(JsonMapper jsonMapper) {
        return new AmqpJson(jsonMapper);
    }
}

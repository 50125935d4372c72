package dev.threadline.gateway.broker;

import dev.threadline.model.TopologyDeclarables;
import org.springframework.amqp.core.Declarables;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import dev.threadline.model.AmqpJson;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class BrokerConfiguration {

    @Bean
    Declarables threadlineTopology(BrokerProperties properties) {
        return TopologyDeclarables.create(properties.rabbitmqExtensions(), properties.queueType());
    }

    @Bean
    AmqpJson amqpJson(JsonMapper jsonMapper) {
        return new AmqpJson(jsonMapper);
    }
}

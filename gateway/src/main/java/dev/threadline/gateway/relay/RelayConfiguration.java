package dev.threadline.gateway.relay;

import java.util.UUID;

import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RelayProperties.class)
class RelayConfiguration {

    /**
     * This gateway's own queue; only threads its clients watch are bound to it. Durable, so it and its
     * bindings outlive a broker restart and events published the moment the broker is back reach it;
     * it expires once no gateway has used it for a while (a dead gateway's queue goes away by itself).
     */
    @Bean
    Queue relayQueue(RelayProperties properties) {
        return QueueBuilder.durable("threadline.gateway." + UUID.randomUUID())
                .expires((int) properties.queueExpires().toMillis())
                .maxLength(properties.queueMaxLength())
                .build();
    }
}

package dev.threadline.common.broker;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param rabbitmqExtensions whether the broker is RabbitMQ (dead-lettering, quorum queues); false for the embedded broker
 * @param queueType {@code quorum} or {@code classic} for {@code threadline.runs}
 * @param recoveryInterval how often a listener whose broker connection broke tries to reconnect
 */
@ConfigurationProperties("threadline.broker")
public record BrokerProperties(@DefaultValue("true") boolean rabbitmqExtensions,
        @DefaultValue("quorum") String queueType, @DefaultValue("500ms") Duration recoveryInterval) {
}

package dev.threadline.relaypeer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;

/**
 * The benchmark's third peer: Spring's textbook STOMP scale-out, {@code enableStompBrokerRelay} to
 * RabbitMQ's STOMP plugin. Clients subscribe to {@code /exchange/threadline.events/<thread routing key>}
 * exactly as on Web-STOMP; every client session becomes one STOMP connection to the broker. No
 * authentication: it exists only to be measured beside the gateway.
 */
@SpringBootApplication
@EnableWebSocketMessageBroker
@EnableConfigurationProperties(RelayPeerApplication.Broker.class)
public class RelayPeerApplication implements WebSocketMessageBrokerConfigurer {

    /** Where RabbitMQ's STOMP plugin listens and how to log in. */
    @ConfigurationProperties("relay.broker")
    record Broker(String host, int port, String login, String passcode, String virtualHost) {
    }

    private final Broker broker;

    RelayPeerApplication(Broker broker) {
        this.broker = broker;
    }

    public static void main(String[] args) {
        SpringApplication.run(RelayPeerApplication.class, args);
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/ws");
    }

    /** Ordered per session: without it the outbound thread pool may reorder a stream's deltas. */
    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.setPreservePublishOrder(true);
        registry.enableStompBrokerRelay("/exchange/").setRelayHost(broker.host()).setRelayPort(broker.port())
                .setClientLogin(broker.login()).setClientPasscode(broker.passcode())
                .setSystemLogin(broker.login()).setSystemPasscode(broker.passcode()).setVirtualHost(broker.virtualHost());
    }
}

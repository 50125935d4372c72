package dev.threadline.gateway.relay;

import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RelayConfiguration {

    /** This gateway's own exclusive, auto-delete queue; only threads its clients watch are bound to it. */
    @Bean
    AnonymousQueue relayQueue() {
        return new AnonymousQueue(new Base64UrlNamingStrategy("threadline.gateway."));
    }
}

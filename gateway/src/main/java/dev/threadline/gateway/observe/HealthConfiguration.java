package dev.threadline.gateway.observe;

import dev.threadline.model.health.StorePingHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Readiness is the broker ({@code rabbit}, Boot's) and the store ({@code mongo}, pinged). */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    @Bean
    StorePingHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new StorePingHealthIndicator(mongo);
    }
}

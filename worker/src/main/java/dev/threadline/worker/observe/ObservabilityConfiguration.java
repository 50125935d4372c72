package dev.threadline.worker.observe;

import dev.threadline.model.health.StorePingHealthIndicator;
import dev.threadline.worker.model.RequestHeaders;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    /** Readiness is the broker ({@code rabbit}, Boot's) and the store ({@code mongo}, pinged). */
    @Bean
    StorePingHealthIndicator mongoHealthIndicator(MongoTemplate mongo) {
        return new StorePingHealthIndicator(mongo);
    }

    /** Model calls carry the run's trace context when a tracer is configured, nothing otherwise. */
    @Bean
    RequestHeaders modelRequestHeaders(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer activeTracer = tracer.getIfAvailable();
        Propagator activePropagator = propagator.getIfAvailable();
        return activeTracer == null || activePropagator == null ? RequestHeaders.NONE
                : new TraceHeaders(activeTracer, activePropagator);
    }
}

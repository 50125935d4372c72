package dev.threadline.worker.observe;

import dev.threadline.worker.model.RequestHeaders;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    /** Model calls carry the run's trace context when a tracer is configured, nothing otherwise. */
    @Bean
    RequestHeaders modelRequestHeaders(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer activeTracer = tracer.getIfAvailable();
        Propagator activePropagator = propagator.getIfAvailable();
        return activeTracer == null || activePropagator == null ? RequestHeaders.NONE
                : new TraceHeaders(activeTracer, activePropagator);
    }
}

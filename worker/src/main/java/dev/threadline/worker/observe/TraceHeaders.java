package dev.threadline.worker.observe;

import java.util.HashMap;
import java.util.Map;

import dev.threadline.worker.model.RequestHeaders;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/** The current span's trace context as propagation headers ({@code traceparent}), for the model call. */
final class TraceHeaders implements RequestHeaders {

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceHeaders(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    public Map<String, String> current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return Map.of();
        }
        Map<String, String> headers = new HashMap<>();
        propagator.inject(span.context(), headers, Map::put);
        return headers;
    }
}

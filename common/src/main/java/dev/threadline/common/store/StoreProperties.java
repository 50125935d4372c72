package dev.threadline.common.store;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param initializeSchema whether the process creates the store's indexes at start
 * @param operationTimeout the longest any store operation may take, end to end (the driver's client-side
 *        operation timeout, {@code timeoutMS}); unset: none, an operation waits for a stalled store as long as
 *        it stalls (the worker, whose runs must outlive a stall)
 * @param pingTimeout how long the health check waits for the store's answer to {@code ping}
 */
@ConfigurationProperties("threadline.store")
public record StoreProperties(@DefaultValue("true") boolean initializeSchema, @Nullable Duration operationTimeout,
        @DefaultValue("1s") Duration pingTimeout) {

    public StoreProperties {
        if (operationTimeout != null && (operationTimeout.isNegative() || operationTimeout.isZero())) {
            throw new IllegalArgumentException("threadline.store.operation-timeout must be positive, not "
                    + operationTimeout);
        }
        if (pingTimeout.isNegative() || pingTimeout.isZero()) {
            throw new IllegalArgumentException("threadline.store.ping-timeout must be positive, not " + pingTimeout);
        }
    }
}

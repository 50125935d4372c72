package dev.threadline.gateway.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param confirmTimeout how long a send waits for the broker to confirm the run request before answering 503 */
@ConfigurationProperties("threadline.dispatch")
record DispatchProperties(@DefaultValue("5s") Duration confirmTimeout) {
}

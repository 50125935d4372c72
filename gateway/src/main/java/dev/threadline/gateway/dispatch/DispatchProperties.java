package dev.threadline.gateway.dispatch;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param confirmTimeout how long a send waits for the broker to confirm the run request before answering 503
 * @param backlogSampleInterval how often the run requests waiting for a worker are counted (for {@code run.queued.position})
 */
@ConfigurationProperties("threadline.dispatch")
record DispatchProperties(@DefaultValue("5s") Duration confirmTimeout, @DefaultValue("1s") Duration backlogSampleInterval) {
}

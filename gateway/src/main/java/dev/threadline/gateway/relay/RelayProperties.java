package dev.threadline.gateway.relay;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param queueExpires how long this gateway's relay queue outlives its last consumer ({@code x-expires}): long enough
 *        for a broker restart or a reconnect, short enough that a dead gateway's queue and bindings go away soon
 * @param queueMaxLength the most events the relay queue holds while no one consumes it (the oldest are dropped)
 */
@ConfigurationProperties("threadline.relay")
record RelayProperties(@DefaultValue("60s") Duration queueExpires, @DefaultValue("100000") int queueMaxLength) {
}

package dev.threadline.gateway.stomp;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param allowedOrigins origin patterns allowed to open {@code /ws} (CORS for the handshake)
 * @param maxFrameBytes the largest inbound STOMP frame; larger ones close the connection
 * @param sessionBufferBytes the size of each of Tomcat's WebSocket buffers, per session (message parts,
 *        reading, writing): allocated for every session, so small; larger messages take several passes
 * @param socketBufferBytes the NIO connector's read and write buffers, per connection
 * @param sendBufferBytes how much may queue for a slow client before its session is closed
 * @param sendTimeLimit how long a send to a slow client may block before its session is closed
 */
@ConfigurationProperties("threadline.stomp")
record StompProperties(@DefaultValue("*") List<String> allowedOrigins,
        @DefaultValue("262144") int maxFrameBytes,
        @DefaultValue("2048") int sessionBufferBytes,
        @DefaultValue("4096") int socketBufferBytes,
        @DefaultValue("1048576") int sendBufferBytes,
        @DefaultValue("20s") Duration sendTimeLimit) {
}

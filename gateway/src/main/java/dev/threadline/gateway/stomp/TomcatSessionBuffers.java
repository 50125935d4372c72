package dev.threadline.gateway.stomp;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Sizes the buffers Tomcat allocates for every connection, which dominate the memory of idle WebSocket
 * sessions: its WebSocket read and write buffers (a system property Tomcat reads once, when its WebSocket
 * support starts; an operator's own {@code -D} wins) and the NIO connector's socket buffers. Messages and
 * writes larger than a buffer simply take more than one pass.
 */
@Component
class TomcatSessionBuffers implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    static final String WEBSOCKET_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";

    private final StompProperties properties;

    TomcatSessionBuffers(StompProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        if (System.getProperty(WEBSOCKET_BUFFER_PROPERTY) == null) {
            System.setProperty(WEBSOCKET_BUFFER_PROPERTY, Integer.toString(properties.sessionBufferBytes()));
        }
        factory.addConnectorCustomizers(connector -> {
            connector.setProperty("socket.appReadBufSize", Integer.toString(properties.socketBufferBytes()));
            connector.setProperty("socket.appWriteBufSize", Integer.toString(properties.socketBufferBytes()));
        });
    }
}

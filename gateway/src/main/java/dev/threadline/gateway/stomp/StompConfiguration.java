package dev.threadline.gateway.stomp;

import dev.threadline.gateway.auth.StompAuthenticationInterceptor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.messaging.simp.config.ChannelRegistration;
import org.springframework.messaging.simp.config.MessageBrokerRegistry;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.web.socket.config.annotation.EnableWebSocketMessageBroker;
import org.springframework.web.socket.config.annotation.StompEndpointRegistry;
import org.springframework.web.socket.config.annotation.WebSocketMessageBrokerConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketTransportRegistration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/** STOMP 1.2 over WebSocket at {@code /ws} (PROTOCOL.md §3). */
@Configuration(proxyBeanMethods = false)
@EnableWebSocketMessageBroker
class StompConfiguration implements WebSocketMessageBrokerConfigurer {

    private static final long[] HEARTBEAT = { 10_000, 10_000 };

    private final StompProperties properties;
    private final StompErrorHandler errorHandler;
    private final StompAuthenticationInterceptor authentication;
    private final DestinationGuard guard;
    private final SubscribeReceipts subscribeReceipts;

    StompConfiguration(StompProperties properties, StompErrorHandler errorHandler,
            StompAuthenticationInterceptor authentication, DestinationGuard guard, SubscribeReceipts subscribeReceipts) {
        this.properties = properties;
        this.errorHandler = errorHandler;
        this.authentication = authentication;
        this.guard = guard;
        this.subscribeReceipts = subscribeReceipts;
    }

    @Override
    public void registerStompEndpoints(StompEndpointRegistry registry) {
        registry.addEndpoint("/ws").setAllowedOriginPatterns(properties.allowedOrigins().toArray(String[]::new));
        registry.setErrorHandler(errorHandler);
        registry.setPreserveReceiveOrder(true);
    }

    @Override
    public void configureMessageBroker(MessageBrokerRegistry registry) {
        registry.enableSimpleBroker("/topic", "/queue")
                .setHeartbeatValue(HEARTBEAT)
                .setTaskScheduler(stompHeartbeatScheduler());
        registry.setApplicationDestinationPrefixes("/app");
        registry.setUserDestinationPrefix("/user");
        registry.setPreservePublishOrder(true);
    }

    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(authentication, guard, subscribeReceipts);
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(properties.maxFrameBytes())
                .setSendBufferSizeLimit(properties.sendBufferBytes())
                .setSendTimeLimit((int) properties.sendTimeLimit().toMillis());
    }

    /** The servlet container buffers whole WebSocket messages; its limit must admit the largest STOMP frame. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(properties.maxFrameBytes());
        container.setMaxBinaryMessageBufferSize(properties.maxFrameBytes());
        return container;
    }

    @Bean
    static ThreadPoolTaskScheduler stompHeartbeatScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setPoolSize(1);
        scheduler.setThreadNamePrefix("stomp-heartbeat-");
        scheduler.initialize();
        return scheduler;
    }
}

package dev.threadline.gateway.stomp;

import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.messaging.simp.broker.SimpleBrokerMessageHandler;
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
    private final List<InboundStompInterceptor> inboundInterceptors;

    /** {@code inboundInterceptors} come sorted by their {@code @Order}: authentication, authorization, the rest. */
    StompConfiguration(StompProperties properties, StompErrorHandler errorHandler,
            List<InboundStompInterceptor> inboundInterceptors) {
        this.properties = properties;
        this.errorHandler = errorHandler;
        this.inboundInterceptors = inboundInterceptors;
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

    /**
     * Frames are handled on virtual threads, many at once (a SEND waits on the store and the broker);
     * frames of one session still go in order, as receive and publish order are preserved per session.
     * Set explicitly: left alone, Boot would pick the one task executor bean it finds — the single-thread
     * heartbeat scheduler — and every frame of every session would wait in one line.
     */
    @Override
    public void configureClientInboundChannel(ChannelRegistration registration) {
        registration.interceptors(inboundInterceptors.toArray(InboundStompInterceptor[]::new))
                .executor(virtualThreads("stomp-in-"));
    }

    @Override
    public void configureClientOutboundChannel(ChannelRegistration registration) {
        registration.executor(virtualThreads("stomp-out-"));
    }

    private static SimpleAsyncTaskExecutor virtualThreads(String prefix) {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor(prefix);
        executor.setVirtualThreads(true);
        return executor;
    }

    @Override
    public void configureWebSocketTransport(WebSocketTransportRegistration registration) {
        registration.setMessageSizeLimit(properties.maxFrameBytes())
                .setSendBufferSizeLimit(properties.sendBufferBytes())
                .setSendTimeLimit((int) properties.sendTimeLimit().toMillis())
                .addDecoratorFactory(PartialMessagesDecorator::new);
    }

    /** The container's per-session message buffers: small, since messages arrive in parts. */
    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(properties.sessionBufferBytes());
        container.setMaxBinaryMessageBufferSize(properties.sessionBufferBytes());
        return container;
    }

    /** Installs the exact-match subscription registry before the simple broker starts. */
    @Bean
    static BeanPostProcessor exactDestinationRegistry() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessBeforeInitialization(Object bean, String beanName) {
                if (bean instanceof SimpleBrokerMessageHandler broker) {
                    broker.setSubscriptionRegistry(new ExactDestinationRegistry());
                }
                return bean;
            }
        };
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

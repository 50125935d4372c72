package dev.threadline.worker.broker;

import org.springframework.amqp.core.AnonymousQueue;
import org.springframework.amqp.core.Base64UrlNamingStrategy;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.FanoutExchange;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WorkerBrokerConfiguration {

    /** This worker's own queue on the control exchange: every worker sees every cancel. */
    @Bean
    AnonymousQueue controlQueue() {
        return new AnonymousQueue(new Base64UrlNamingStrategy("threadline.worker.control."));
    }

    @Bean
    Binding controlBinding(AnonymousQueue controlQueue) {
        return BindingBuilder.bind(controlQueue)
                .to(new FanoutExchange(dev.threadline.model.Topology.CONTROL_EXCHANGE, true, false));
    }
}

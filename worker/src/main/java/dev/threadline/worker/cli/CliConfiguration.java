package dev.threadline.worker.cli;

import java.util.concurrent.TimeUnit;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class CliConfiguration {

    /** A command fails within seconds, with one clear line, when the store is unreachable. */
    @Bean
    @ConditionalOnProperty("threadline.cli.active")
    MongoClientSettingsBuilderCustomizer fastFailingStore() {
        return settings -> settings.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(3, TimeUnit.SECONDS));
    }
}

package dev.threadline.gateway;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    /** The gateway reads {@code gateway.yml}, so it can share a classpath (and a JVM) with the worker. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(GatewayApplication.class).properties("spring.config.name=gateway");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}

package dev.threadline.worker;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkerApplication {

    /** The worker reads {@code worker.yml} and serves no HTTP, so it can share a JVM with the gateway. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WorkerApplication.class)
                .properties("spring.config.name=worker")
                .web(WebApplicationType.NONE);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}

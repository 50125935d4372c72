package dev.threadline.worker;

import dev.threadline.worker.cli.WorkerCommandLine;
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

    /** As a service of its own, the worker also serves its management endpoints (health, Prometheus). */
    static SpringApplicationBuilder serviceBuilder() {
        return builder().web(WebApplicationType.SERVLET);
    }

    /** Runs a command of PROTOCOL.md §7 and exits when one is named; otherwise consumes run requests. */
    public static void main(String[] args) {
        int exitCode = WorkerCommandLine.execute(args, WorkerApplication::builder, System.out, System.err);
        if (exitCode >= 0) {
            System.exit(exitCode);
        }
        serviceBuilder().run(args);
    }
}

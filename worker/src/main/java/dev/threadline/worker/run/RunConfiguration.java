package dev.threadline.worker.run;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RunConfiguration {

    /** Fires delta flushes and checkpoint triggers for all runs; the work itself happens on virtual threads. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService runTimer() {
        return Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("run-timer").daemon().factory());
    }
}

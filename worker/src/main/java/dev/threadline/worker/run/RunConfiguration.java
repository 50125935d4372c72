package dev.threadline.worker.run;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RunConfiguration {

    /**
     * Runs the worker's periodic jobs ({@code @Scheduled}: the approval sweep). Without it, scheduling would fall
     * back to the one {@code ScheduledExecutorService} bean, the run timer, whose thread must never wait on the store.
     */
    @Bean
    ThreadPoolTaskScheduler taskScheduler() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("worker-jobs-");
        return scheduler;
    }

    /** Fires delta flushes and checkpoint triggers for all runs; the work itself happens on virtual threads. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService runTimer() {
        return Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("run-timer").daemon().factory());
    }
}

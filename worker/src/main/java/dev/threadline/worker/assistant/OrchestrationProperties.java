package dev.threadline.worker.assistant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param maxToolRounds model turns that request tools, per run (specialists' included); one more fails the run with {@code tool_loop_limit}
 * @param maxDepth how deep consultations may nest (the orchestrator is depth 0)
 * @param seedDefaults whether a worker that finds no assistants in the store creates the three defaults
 */
@ConfigurationProperties("threadline.assistants")
record OrchestrationProperties(@DefaultValue("8") int maxToolRounds, @DefaultValue("2") int maxDepth,
        @DefaultValue("true") boolean seedDefaults) {
}

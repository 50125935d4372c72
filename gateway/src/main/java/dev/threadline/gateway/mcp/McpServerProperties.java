package dev.threadline.gateway.mcp;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param answerTimeout how long an {@code ask_<assistant>} call waits for its run to end; beyond it the call answers
 *        with an error, and the run goes on in the thread
 * @param toolsRefresh how often the tool list follows the assistants created or deleted meanwhile (one small
 *        query; the same staleness as the catalog's own cache across processes)
 */
@ConfigurationProperties("threadline.mcp-server")
record McpServerProperties(@DefaultValue("120s") Duration answerTimeout, @DefaultValue("5s") Duration toolsRefresh) {
}

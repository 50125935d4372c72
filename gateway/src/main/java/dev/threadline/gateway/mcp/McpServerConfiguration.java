package dev.threadline.gateway.mcp;

import dev.threadline.common.assistant.AssistantCatalog;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpStatelessSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStatelessServerTransport;
import io.modelcontextprotocol.spec.McpSchema;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The MCP server at {@value #ENDPOINT}: the SDK's stateless Streamable HTTP servlet, so any gateway answers any
 * request (no session to stick to). The security chain authenticates every request like {@code /api/**}; tool calls
 * run on the request's (virtual) thread, and the caller reaches them through {@link McpCaller}.
 */
@Configuration(proxyBeanMethods = false)
class McpServerConfiguration {

    static final String ENDPOINT = "/mcp";

    @Bean
    HttpServletStatelessServerTransport mcpTransport() {
        return HttpServletStatelessServerTransport.builder().messageEndpoint(ENDPOINT).contextExtractor(new McpCaller())
                .build();
    }

    @Bean(destroyMethod = "close")
    McpStatelessSyncServer mcpServer(HttpServletStatelessServerTransport mcpTransport) {
        return McpServer.sync(mcpTransport).serverInfo("threadline", "1")
                .instructions("Consult Threadline's assistants with the ask_<assistant> tools. Every call is a run on "
                        + "a thread of yours, visible in your history; pass threadId to continue a thread.")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .immediateExecution(true).build();
    }

    @Bean
    ServletRegistrationBean<HttpServletStatelessServerTransport> mcpServlet(HttpServletStatelessServerTransport mcpTransport) {
        ServletRegistrationBean<HttpServletStatelessServerTransport> registration =
                new ServletRegistrationBean<>(mcpTransport, ENDPOINT);
        registration.setName("mcp");
        registration.setAsyncSupported(true);
        return registration;
    }

    @Bean
    AssistantTools assistantTools(McpStatelessSyncServer mcpServer, AssistantCatalog catalog, AskAssistant asker,
            McpServerProperties properties) {
        return new AssistantTools(mcpServer, catalog, asker, properties);
    }
}

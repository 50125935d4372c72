package dev.threadline.gateway.mcp;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.gateway.thread.Conversations;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The outcomes of a call the full-stack tests do not reach cheaply: time-outs, cancels, refusals, and the caller. */
class AskAssistantTests {

    private static final Conversations.Sent SENT = new Conversations.Sent("t1", "m1", "r1");

    private final Conversations conversations = mock(Conversations.class);
    private final RunOutcomes outcomes = mock(RunOutcomes.class);
    private final AskAssistant asker = new AskAssistant(conversations, outcomes,
            new McpServerProperties(Duration.ofSeconds(7), Duration.ofSeconds(30)));

    @Test
    void theCallerIsTheTokensSubjectOfTheRequest() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
        Jwt jwt = Jwt.withTokenValue("token").header("alg", "HS256").subject("alice").issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60)).build();
        request.setUserPrincipal(new JwtAuthenticationToken(jwt));

        assertThat(McpCaller.userId(new McpCaller().extract(request))).isEqualTo("alice");
        assertThat(McpCaller.userId(new McpCaller().extract(new MockHttpServletRequest("POST", "/mcp")))).isNull();
    }

    @Test
    void aRunStillGoingAfterTheTimeoutIsAToolErrorNamingItsThread() throws Exception {
        when(conversations.startAndSend("alice", "wardrobe", "Hat?")).thenReturn(SENT);
        when(outcomes.await(eq("alice"), eq(SENT), eq(Duration.ofSeconds(7)))).thenReturn(new RunOutcomes.TimedOut());

        McpSchema.CallToolResult result = ask("alice", Map.of("question", "Hat?"));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("timeout: No answer within 7 s").contains("thread t1");
        assertThat(structured(result)).containsEntry("threadId", "t1").containsEntry("runId", "r1");
    }

    @Test
    void aCancelledRunIsAToolError() throws Exception {
        when(conversations.send("alice", "t1", "wardrobe", "Hat?")).thenReturn(SENT);
        when(outcomes.await(any(), any(), any())).thenReturn(new RunOutcomes.Cancelled());

        McpSchema.CallToolResult result = ask("alice", Map.of("question", "Hat?", "threadId", "t1"));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("cancelled: The run was cancelled");
    }

    @Test
    void aRefusedSendIsAToolErrorWithItsCode() {
        when(conversations.startAndSend("alice", "wardrobe", "Hat?"))
                .thenThrow(ThreadlineException.budgetExhausted("The daily token budget is used up", Duration.ofHours(1)));

        McpSchema.CallToolResult result = ask("alice", Map.of("question", "Hat?"));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).isEqualTo("budget_exhausted: The daily token budget is used up");
    }

    @Test
    void losingAccessWhileWaitingIsAToolError() throws Exception {
        when(conversations.send("alice", "t1", "wardrobe", "Hat?")).thenReturn(SENT);
        when(outcomes.await(any(), any(), any())).thenThrow(ThreadlineException.notFound("Thread"));

        McpSchema.CallToolResult result = ask("alice", Map.of("question", "Hat?", "threadId", "t1"));

        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("not_found:");
    }

    @Test
    void aCallWithoutACallerOrWithAThreadIdThatIsNoStringIsRefused() {
        assertThat(text(asker.ask(McpTransportContext.EMPTY, "wardrobe",
                new McpSchema.CallToolRequest("ask_wardrobe", Map.of("question", "Hat?"))))).startsWith("unauthorized:");
        assertThat(text(ask("alice", Map.of("question", "Hat?", "threadId", 42)))).startsWith("validation_failed:");
    }

    private McpSchema.CallToolResult ask(String userId, Map<String, Object> arguments) {
        McpTransportContext context = new McpCaller().extract(requestOf(userId));
        return asker.ask(context, "wardrobe", new McpSchema.CallToolRequest("ask_wardrobe", arguments));
    }

    private static MockHttpServletRequest requestOf(String userId) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/mcp");
        request.setUserPrincipal(new JwtAuthenticationToken(Jwt.withTokenValue("token").header("alg", "HS256")
                .subject(userId).build()));
        return request;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(McpSchema.CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }
}

package dev.threadline.gateway.mcp;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.gateway.thread.Conversations;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * One {@code ask_<assistant>} call: the question is sent on a new thread of the caller, or on the thread they name,
 * through the same send path as REST, and the call answers with the run's answer once it ends. Refusals and runs
 * that fail, are cancelled or take too long answer as tool errors ({@code isError}) with a code.
 */
@Component
class AskAssistant {

    private final Conversations conversations;
    private final RunOutcomes outcomes;
    private final McpServerProperties properties;

    AskAssistant(Conversations conversations, RunOutcomes outcomes, McpServerProperties properties) {
        this.conversations = conversations;
        this.outcomes = outcomes;
        this.properties = properties;
    }

    McpSchema.CallToolResult ask(McpTransportContext context, String assistant, McpSchema.CallToolRequest request) {
        String userId = McpCaller.userId(context);
        if (userId == null) {
            return refused("unauthorized", "The call carries no authenticated user", null, null);
        }
        Map<String, Object> arguments = request.arguments() == null ? Map.of() : request.arguments();
        if (!(arguments.get("question") instanceof String question) || question.isBlank()) {
            return refused("validation_failed", "question must be a non-blank string", null, null);
        }
        Object threadId = arguments.get("threadId");
        if (threadId != null && !(threadId instanceof String)) {
            return refused("validation_failed", "threadId must be a string", null, null);
        }
        Conversations.Sent sent;
        try {
            sent = threadId == null ? conversations.startAndSend(userId, assistant, question)
                    : conversations.send(userId, (String) threadId, assistant, question);
        }
        catch (ThreadlineException refusal) {
            return refused(refusal.code(), refusal.getMessage(), (String) threadId, null);
        }
        try {
            return switch (outcomes.await(userId, sent, properties.answerTimeout())) {
                case RunOutcomes.Answered answered -> McpSchema.CallToolResult.builder()
                        .addTextContent(answered.answer().content())
                        .structuredContent(Map.of("answer", answered.answer().content(), "threadId", sent.threadId(),
                                "messageId", answered.answer().id(), "runId", sent.runId()))
                        .build();
                case RunOutcomes.Failed failed -> refused(failed.error().code(),
                        "The run failed: " + failed.error().message(), sent.threadId(), sent.runId());
                case RunOutcomes.Cancelled cancelled -> refused("cancelled", "The run was cancelled", sent.threadId(),
                        sent.runId());
                case RunOutcomes.TimedOut timedOut -> refused("timeout", "No answer within "
                        + properties.answerTimeout().toSeconds() + " s; the run goes on, its answer will be in thread "
                        + sent.threadId(), sent.threadId(), sent.runId());
            };
        }
        catch (ThreadlineException refusal) {
            return refused(refusal.code(), refusal.getMessage(), sent.threadId(), sent.runId());
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return refused("unavailable", "The gateway stopped waiting for the answer; it will be in thread "
                    + sent.threadId(), sent.threadId(), sent.runId());
        }
    }

    private static McpSchema.CallToolResult refused(String code, @Nullable String message, @Nullable String threadId,
            @Nullable String runId) {
        String text = message == null ? code : message;
        Map<String, Object> structured = new LinkedHashMap<>();
        structured.put("error", Map.of("code", code, "message", text));
        if (threadId != null) {
            structured.put("threadId", threadId);
        }
        if (runId != null) {
            structured.put("runId", runId);
        }
        return McpSchema.CallToolResult.builder().addTextContent(code + ": " + text).structuredContent(structured)
                .isError(true).build();
    }
}

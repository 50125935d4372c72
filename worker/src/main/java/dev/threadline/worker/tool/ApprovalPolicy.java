package dev.threadline.worker.tool;

import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.assistant.ToolSettings;

/**
 * Whether a tool call needs the user's approval before it runs (PROTOCOL.md §13): the assistant's
 * {@code toolSettings} for the tool, else its kind (tools of MCP servers: {@code always}; built-in tools: {@code never}).
 */
public final class ApprovalPolicy {

    private ApprovalPolicy() {
    }

    /** {@value ToolSettings#ALWAYS} or {@value ToolSettings#NEVER}. */
    public static String approvalOf(AssistantDefinition assistant, Tool tool) {
        String approval = assistant.settingsOf(tool.name()).approval();
        if (approval != null) {
            return approval;
        }
        return tool.needsApprovalByDefault() ? ToolSettings.ALWAYS : ToolSettings.NEVER;
    }

    public static boolean needsApproval(AssistantDefinition assistant, Tool tool) {
        return ToolSettings.ALWAYS.equals(approvalOf(assistant, tool));
    }
}

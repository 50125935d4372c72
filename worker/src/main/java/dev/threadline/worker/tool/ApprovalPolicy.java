package dev.threadline.worker.tool;

import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.assistant.ToolSettings;

/**
 * Whether a tool call needs the user's approval (PROTOCOL.md §13): the assistant's {@code toolSettings} for the
 * tool, else its kind (tools of MCP servers: {@code always}; built-in tools: {@code never}). Until this worker can
 * ask the user, a call that needs approval is refused rather than run unapproved.
 */
public final class ApprovalPolicy {

    static final String REFUSED = "this tool needs the user's approval, which this worker cannot ask for yet";

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

    /** Throws the {@link ToolException} the model receives when the call would need an approval. */
    public static void refuseUnapproved(AssistantDefinition assistant, Tool tool) {
        if (ToolSettings.ALWAYS.equals(approvalOf(assistant, tool))) {
            throw new ToolException(REFUSED);
        }
    }
}

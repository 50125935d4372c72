package dev.threadline.worker.tool;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.assistant.ToolSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalPolicyTests {

    private final Tool builtIn = new NamedTool("get_weather", false);
    private final Tool mcp = new NamedTool("docs__search", true);

    @Test
    void theKindOfToolDecidesWhenTheSettingsSayNothing() {
        AssistantDefinition assistant = assistant(Map.of());

        assertThat(ApprovalPolicy.approvalOf(assistant, builtIn)).isEqualTo(ToolSettings.NEVER);
        assertThat(ApprovalPolicy.approvalOf(assistant, mcp)).isEqualTo(ToolSettings.ALWAYS);
        assertThat(ApprovalPolicy.needsApproval(assistant, builtIn)).isFalse();
        assertThat(ApprovalPolicy.needsApproval(assistant, mcp)).isTrue();
    }

    @Test
    void theAssistantsToolSettingsWinOverTheKind() {
        AssistantDefinition assistant = assistant(Map.of("get_weather", new ToolSettings(ToolSettings.ALWAYS),
                "docs__search", new ToolSettings(ToolSettings.NEVER)));

        assertThat(ApprovalPolicy.needsApproval(assistant, builtIn)).isTrue();
        assertThat(ApprovalPolicy.needsApproval(assistant, mcp)).isFalse();
    }

    @Test
    void settingsMustNameOneOfTheAssistantsToolsAndAKnownApproval() {
        assertThatThrownBy(() -> assistant(Map.of("fly", new ToolSettings(ToolSettings.NEVER))))
                .hasMessage("toolSettings names 'fly', which is not one of its tools");
        assertThatThrownBy(() -> new ToolSettings("sometimes"))
                .hasMessage("approval must be 'always' or 'never', not 'sometimes'");
    }

    private static AssistantDefinition assistant(Map<String, ToolSettings> settings) {
        Instant now = Instant.now();
        return new AssistantDefinition("id", "helper", "", null, "Help.", null, List.of("get_weather", "docs__search"),
                List.of(), settings, now, now);
    }

    private record NamedTool(String name, boolean needsApprovalByDefault) implements Tool {

        @Override
        public String description() {
            return name;
        }

        @Override
        public Map<String, Object> parameters() {
            return Map.of("type", "object");
        }

        @Override
        public Object execute(ToolContext context, JsonNode arguments) {
            return "ran";
        }
    }
}

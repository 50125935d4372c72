package dev.threadline.gateway.assistant;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.common.Ids;
import dev.threadline.common.assistant.AssistantCatalog;
import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.assistant.ToolNames;
import dev.threadline.model.assistant.ToolSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Assistants (PROTOCOL.md §2): anyone may list them; creating and deleting needs the admin scope. Tools are the
 * built-in ones or, by name, tools of MCP servers ({@code <server>__<tool>}, §13): which MCP tools exist only the
 * workers know.
 */
@RestController
@RequestMapping("/api")
class AssistantController {

    private static final List<String> KNOWN_TOOLS = List.of("get_weather", "search_wardrobe");

    private final AssistantCatalog catalog;
    private final ModelsProperties models;

    AssistantController(AssistantCatalog catalog, ModelsProperties models) {
        this.catalog = catalog;
        this.models = models;
    }

    @GetMapping("/assistants")
    List<AssistantDefinition> list() {
        return catalog.list();
    }

    @PostMapping("/assistants")
    @ResponseStatus(HttpStatus.CREATED)
    AssistantDefinition save(@RequestBody AssistantRequest body) {
        List<String> tools = body.tools() == null ? List.of() : body.tools();
        List<String> unknownTools = tools.stream()
                .filter(tool -> !KNOWN_TOOLS.contains(tool) && !ToolNames.isMcpTool(tool)).toList();
        if (!unknownTools.isEmpty()) {
            throw ThreadlineException.validation("unknown tools " + unknownTools + "; known: " + KNOWN_TOOLS
                    + ", or a tool of an MCP server as <server>__<tool>");
        }
        Map<String, ToolSettings> toolSettings = body.toolSettings() == null ? Map.of() : body.toolSettings();
        if (toolSettings.values().stream().anyMatch(Objects::isNull)) {
            throw ThreadlineException.validation("toolSettings must map tool names to objects");
        }
        List<String> delegates = body.delegates() == null ? List.of() : body.delegates();
        for (String delegate : delegates) {
            if (catalog.findByName(delegate).isEmpty()) {
                throw ThreadlineException.validation("unknown delegate '" + delegate + "'");
            }
        }
        try {
            Instant now = Instant.now();
            return catalog.save(new AssistantDefinition(Ids.newId(), body.name(), body.description(), body.model(),
                    body.instructions(), body.temperature(), tools, delegates, toolSettings, now, now));
        }
        catch (IllegalArgumentException invalid) {
            throw ThreadlineException.validation(invalid.getMessage());
        }
    }

    @DeleteMapping("/assistants/{idOrName}")
    ResponseEntity<Void> delete(@PathVariable String idOrName) {
        catalog.delete(idOrName).orElseThrow(() -> ThreadlineException.notFound("Assistant"));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/models")
    List<ModelOption> models() {
        return models.allowedModels().stream().map(id -> new ModelOption(id, id.equals(models.defaultModel()))).toList();
    }
}

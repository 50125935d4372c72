package dev.threadline.worker.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.threadline.common.Ids;
import dev.threadline.common.auth.LocalTokens;
import dev.threadline.common.assistant.AssistantCatalog;
import dev.threadline.common.search.SearchIndex;
import dev.threadline.common.store.StoreSchema;
import dev.threadline.model.assistant.AssistantDefinition;
import dev.threadline.model.assistant.ToolNames;
import dev.threadline.model.assistant.ToolSettings;
import dev.threadline.model.thread.ChatThread;
import dev.threadline.worker.tool.ToolRegistry;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/** Carries out a {@link Command} against the store; the same catalog the gateway's admin endpoints use. */
@Component
class Commands {

    private final AssistantCatalog catalog;
    private final StoreSchema schema;
    private final ToolRegistry tools;
    private final MongoTemplate mongo;
    private final CliProperties properties;
    private final BackupCommands backups;
    private final SearchIndex search;

    Commands(AssistantCatalog catalog, StoreSchema schema, ToolRegistry tools, MongoTemplate mongo, CliProperties properties,
            BackupCommands backups, SearchIndex search) {
        this.catalog = catalog;
        this.schema = schema;
        this.tools = tools;
        this.mongo = mongo;
        this.properties = properties;
        this.backups = backups;
        this.search = search;
    }

    void run(Command command, PrintStream out) {
        switch (command) {
            case Command.CreateAssistant create -> out.println(create(create).id());
            case Command.CreateAssistants defaults -> {
                schema.create();
                catalog.saveDefaults().forEach(saved -> out.println(saved.name() + " " + saved.id()));
            }
            case Command.DeleteAssistant delete -> {
                AssistantDefinition deleted = catalog.delete(delete.idOrName()).orElseThrow(() ->
                        new IllegalArgumentException("no assistant has the id or name '" + delete.idOrName() + "'"));
                out.println("deleted " + deleted.name() + " " + deleted.id());
            }
            case Command.ListAssistants list -> catalog.list().forEach(assistant -> out.println(String.join("\t",
                    assistant.id(), assistant.name(), String.valueOf(assistant.model() == null ? "(default)"
                            : assistant.model()), "tools=" + String.join(",", assistant.tools()),
                    "approvals=" + approvals(assistant),
                    "delegates=" + String.join(",", assistant.delegates()))));
            case Command.GenerateThread generate -> generateThread(generate.user(), out);
            case Command.Backup backup -> backups.backup(backup, out);
            case Command.Restore restore -> backups.restore(restore, out);
            case Command.Archive archive -> backups.archive(archive, out);
            case Command.RestoreThread restoreThread -> backups.restoreThread(restoreThread, out);
            case Command.IssueToken issue -> throw new IllegalStateException("--issue-token runs without a store");
            case Command.ReindexSearch reindex -> {
                schema.create();
                out.println("indexed " + search.rebuild() + " search entries (thread titles and messages)");
            }
        }
    }

    private AssistantDefinition create(Command.CreateAssistant create) {
        for (String tool : create.tools()) {
            if (!tools.exists(tool) && !ToolNames.isMcpTool(tool)) {
                throw new IllegalArgumentException("unknown tool '" + tool + "'");
            }
        }
        Map<String, ToolSettings> toolSettings = new LinkedHashMap<>();
        create.toolApprovals().forEach((tool, approval) -> {
            if (!create.tools().contains(tool)) {
                throw new IllegalArgumentException("--tool-approval names '" + tool + "', which is not in --tools");
            }
            toolSettings.put(tool, new ToolSettings(approval));
        });
        for (String delegate : create.delegates()) {
            if (catalog.findByName(delegate).isEmpty()) {
                throw new IllegalArgumentException("unknown assistant '" + delegate + "' in --delegates");
            }
        }
        schema.create();
        Instant now = Instant.now();
        return catalog.save(new AssistantDefinition(Ids.newId(), create.name(), create.description(), create.model(),
                create.instructions(), create.temperature(), create.tools(), create.delegates(), toolSettings, now, now));
    }

    private static String approvals(AssistantDefinition assistant) {
        return String.join(",", assistant.toolSettings().entrySet().stream().filter(e -> e.getValue().approval() != null)
                .map(e -> e.getKey() + "=" + e.getValue().approval()).sorted().toList());
    }

    private void generateThread(String user, PrintStream out) {
        schema.create();
        catalog.seedDefaultsIfEmpty();
        ChatThread thread = mongo.insert(ChatThread.create(Ids.newId(), user, "Test thread", "orchestrator",
                Instant.now()), ChatThread.COLLECTION);
        out.println("=== TEST THREAD ID ===");
        out.println(thread.id());
        out.println("=====================");
        if (StringUtils.hasText(properties.jwtSecret())) {
            out.println("token: " + token(properties.jwtSecret(), user, Duration.ofHours(properties.expiresInHours())));
        }
    }

    private static String token(String secret, String subject, Duration lifetime) {
        return new LocalTokens(secret).issue(subject, lifetime, java.util.Map.of());
    }
}

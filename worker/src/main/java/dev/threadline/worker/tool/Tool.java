package dev.threadline.worker.tool;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * A function an assistant may call. Adding a tool is one class implementing this, registered as a bean;
 * assistants name the tools they may use. A failure is thrown as {@link ToolException} and reaches the
 * model as an error output; the run goes on. When the run is cancelled, the thread running {@link #execute}
 * is interrupted: a tool blocks only in calls that honour interrupts ({@code java.net.http.HttpClient},
 * the MongoDB driver, sleeps), so a cancel stops it at once rather than after its timeout.
 */
public interface Tool {

    String name();

    String description();

    /** The JSON Schema of the arguments. */
    Map<String, Object> parameters();

    /** Runs the tool; the result (a string, or anything Jackson can write) becomes the tool's output. */
    Object execute(ToolContext context, JsonNode arguments);

    /** Whether its calls wait for the user's approval when the assistant's tool settings do not say (§13). */
    default boolean needsApprovalByDefault() {
        return false;
    }
}

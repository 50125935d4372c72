package dev.threadline.worker.tool;

import java.util.Optional;

/**
 * Tools that come and go while the worker runs (those of MCP servers), next to the {@link Tool} beans.
 * {@link #find} answers the tools offered to models now; {@link #unavailable} a stand-in for a tool of this
 * source that cannot be offered now, whose calls fail saying why.
 */
public interface ToolSource {

    Optional<Tool> find(String name);

    Optional<Tool> unavailable(String name);
}

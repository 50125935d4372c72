/**
 * Threadline as an MCP server: {@code /mcp} (Streamable HTTP, stateless) offers one {@code ask_<assistant>} tool per
 * assistant; a call is a run on a thread of the caller, answered when the run ends.
 */
@NullMarked
package dev.threadline.gateway.mcp;

import org.jspecify.annotations.NullMarked;

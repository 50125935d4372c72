/**
 * Tools of MCP servers (PROTOCOL.md §13), through the official MCP Java SDK: one client per configured server
 * (Streamable HTTP), its tools offered as {@code <server>__<tool>}, and each server's state in the health endpoint.
 */
@NullMarked
package dev.threadline.worker.mcp;

import org.jspecify.annotations.NullMarked;

package dev.threadline.worker.mcp;

import java.net.URI;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One MCP server of {@code MCP_SERVERS}: its tools are offered as {@code <name>__<tool>}; {@code headers} are sent
 * with every request to it (e.g. {@code Authorization}).
 */
public record McpServerSettings(String name, String url, Map<String, String> headers) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-]{1,32}");

    public McpServerSettings {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("MCP_SERVERS: a server's name must be 1-32 letters, digits or '-', not '"
                    + name + "'");
        }
        if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException("MCP_SERVERS: the url of server '" + name + "' must be an http(s) URL");
        }
        try {
            URI.create(url);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("MCP_SERVERS: the url of server '" + name + "' is malformed");
        }
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** Never prints header values, which may be credentials. */
    @Override
    public String toString() {
        return "McpServerSettings[name=" + name + ", url=" + url + ", headers=" + headers.keySet() + "]";
    }
}

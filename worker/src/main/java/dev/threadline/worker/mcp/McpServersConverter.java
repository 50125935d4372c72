package dev.threadline.worker.mcp;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Reads {@code threadline.mcp.servers} given as one JSON string, as {@code MCP_SERVERS} gives it. */
@Component
@ConfigurationPropertiesBinding
class McpServersConverter implements Converter<String, List<McpServerSettings>> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public List<McpServerSettings> convert(String source) {
        if (source.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(source, new TypeReference<List<McpServerSettings>>() { });
        }
        catch (JacksonException ex) {
            if (ex.getCause() instanceof IllegalArgumentException invalid) {
                throw invalid;
            }
            throw new IllegalArgumentException("MCP_SERVERS must be a JSON list of {\"name\",\"url\",\"headers\"?}: "
                    + ex.getOriginalMessage());
        }
    }
}

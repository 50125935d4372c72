package dev.threadline.worker.tool;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/** Every {@link Tool} bean, by name, and the tools of each {@link ToolSource}. */
@Component
public class ToolRegistry {

    private final Map<String, Tool> tools;
    private final List<ToolSource> sources;

    public ToolRegistry(List<Tool> tools) {
        this(tools, List.of());
    }

    @Autowired
    ToolRegistry(List<Tool> tools, ObjectProvider<ToolSource> sources) {
        this(tools, sources.orderedStream().toList());
    }

    public ToolRegistry(List<Tool> tools, List<ToolSource> sources) {
        this.tools = tools.stream().collect(Collectors.toUnmodifiableMap(Tool::name, Function.identity()));
        this.sources = List.copyOf(sources);
    }

    /** The tool of that name offered to models now. */
    public Optional<Tool> find(String name) {
        Tool tool = tools.get(name);
        if (tool != null) {
            return Optional.of(tool);
        }
        return sources.stream().map(source -> source.find(name)).flatMap(Optional::stream).findFirst();
    }

    /** The tool a call names: as {@link #find}, or a stand-in whose call fails saying why the tool is not available. */
    public Optional<Tool> forCall(String name) {
        return find(name).or(() -> sources.stream().map(source -> source.unavailable(name)).flatMap(Optional::stream)
                .findFirst());
    }

    public boolean exists(String name) {
        return find(name).isPresent();
    }
}

package dev.junction.cli.internal;

import dev.junction.engine.MappingText;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.junction.mapping.EffectiveMapping;
import dev.junction.spec.LoadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = {
    "Prints a sync's effective mapping: its own lines (the default) with its connections' mappingOverrides on top,",
    "and where each line came from. --connection C shows it as connection C (a tenant's connection of the same",
    "connector as one of the sync's) would see it. A per-tenant sync shows its default mapping; --tenant T shows",
    "it with T's overrides (T's source connection's, then its destination connection's)."})
public final class MapShowCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "An applied sync.")
    String sync;

    @Option(names = "--connection", paramLabel = "CONNECTION", description = "Show the mapping with this connection's overrides in place of the sync's connection of the same connector.")
    String connection;

    @Option(names = "--tenant", paramLabel = "T", description = TenantOption.DESCRIPTION)
    String tenant;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    MapShowCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        try (dev.junction.engine.Engine engine = common.engine(env)) {
            LoadResult definitions = engine.definitions().applied();
            if (Problems.print(console, definitions)) {
                return 2;
            }
            EffectiveMapping effective = engine.mappings().effective(definitions, sync, tenant, connection);
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode array = mapper.createArrayNode();
                for (EffectiveMapping.Line line : effective.lines()) {
                    array.addObject().put("target", line.mapping().target()).put("source", MappingText.describe(line.mapping().value()))
                            .put("origin", line.origin()).put("overridesDefault", line.overridden()).put("removed", line.removed());
                }
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else {
                List<List<String>> rows = new ArrayList<>();
                for (EffectiveMapping.Line line : effective.lines()) {
                    String origin = line.origin() + (line.removed() ? " (removes the default)" : line.overridden() ? " (overrides the default)" : "");
                    String source = MappingText.describe(line.mapping().value());
                    rows.add(List.of(line.mapping().target(), line.removed() ? "(removed) " + source : source, origin));
                }
                console.table(List.of("target", "source", "from"), rows);
            }
            console.out().flush();
            return 0;
        }
    }
}

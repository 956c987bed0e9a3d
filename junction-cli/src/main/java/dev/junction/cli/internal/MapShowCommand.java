package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.junction.JunctionException;
import dev.junction.mapping.EffectiveMapping;
import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
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
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        try (Workspace workspace = Workspace.open(common.dataDir)) {
            LoadResult definitions = workspace.applied();
            if (Problems.print(console, definitions)) {
                return 2;
            }
            SyncSpec spec = TenantOption.sync(commandSpec.commandLine(), definitions, sync, tenant);
            if (tenant != null) {
                spec = dev.junction.runtime.Tenants.bind(definitions, spec, tenant);
            }
            EffectiveMapping effective = spec.perTenant() ? defaults(definitions, spec) : EffectiveMapping.of(spec, connections(definitions, spec));
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

    /** A per-tenant sync without --tenant: its default lines, with the overrides of a side that names a fixed connection. */
    private EffectiveMapping defaults(LoadResult definitions, SyncSpec spec) {
        if (connection != null) {
            throw new JunctionException("sync '" + sync + "' runs per tenant; show it as a tenant sees it with --tenant T instead of --connection");
        }
        return EffectiveMapping.of(spec, definitions.connections());
    }

    private List<ConnectionSpec> connections(LoadResult definitions, SyncSpec spec) {
        ConnectionSpec source = definitions.connections().get(spec.source().connection());
        ConnectionSpec destination = definitions.connections().get(spec.destination().connection());
        if (connection == null) {
            return source == null || source == destination ? List.of(destination) : List.of(source, destination); // no source connection: a SQL or file source
        }
        ConnectionSpec chosen = definitions.connections().get(connection);
        if (chosen == null) {
            throw new JunctionException("no connection named '" + connection + "' is applied; applied connections: "
                    + String.join(", ", definitions.connections().keySet()));
        }
        if (source != null && java.util.Objects.equals(chosen.connector(), source.connector())) {
            return destination == source ? List.of(chosen) : List.of(chosen, destination);
        }
        if (java.util.Objects.equals(chosen.connector(), destination.connector())) {
            return List.of(source, chosen);
        }
        throw new JunctionException("connection '" + connection + "' " + (chosen.isDatabase() ? "is a database connection" : "uses connector '"
                + chosen.connector() + "'") + ", but sync '" + sync + "' reads from " + (source == null ? "a SQL query or a file"
                        : "a '" + source.connector() + "' connection") + " and writes to a '" + destination.connector() + "' one");
    }
}

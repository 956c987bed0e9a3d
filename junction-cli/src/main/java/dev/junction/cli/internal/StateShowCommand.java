package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
    "Shows what is stored for a sync between runs.",
    "Each checkpoint (per partition) with when it was saved, how many fingerprints (records the next run skips while",
    "unchanged), pending write intents, whether a run holds its lease, and its last run. A per-tenant sync lists every",
    "tenant; --tenant T shows T's state."})
public final class StateShowCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "An applied sync.")
    String sync;

    @Option(names = "--tenant", paramLabel = "T", description = "A per-tenant sync: only tenant T's state.")
    String tenant;

    @Option(names = "--json", description = "Print JSON (an array, one per tenant, for a per-tenant sync without --tenant).")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    StateShowCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() throws Exception {
        common.applyTo(console);
        try (dev.junction.engine.Engine engine = common.engine(env)) {
            LoadResult definitions = engine.definitions().applied();
            SyncSpec spec = dev.junction.engine.SyncTargets.sync(definitions, sync, tenant);
            ObjectMapper mapper = new ObjectMapper();
            if (!spec.perTenant() || tenant != null) {
                StateReport report = StateReport.of(engine.states().report(sync, tenant));
                if (json) {
                    console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(report.json(mapper)));
                } else {
                    report.print(console);
                }
                console.out().flush();
                return 0;
            }
            dev.junction.engine.SyncStates.TenantReports all = engine.states().tenantReports(definitions, spec);
            List<StateReport> reports = all.tenants().stream().map(StateReport::of).toList();
            StateReport classic = StateReport.of(all.classic());
            if (json) {
                ArrayNode array = mapper.createArrayNode();
                reports.forEach(r -> array.add(r.json(mapper)));
                console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(array));
            } else {
                printTenants(reports, classic);
            }
            console.out().flush();
            return 0;
        }
    }

    private void printTenants(List<StateReport> reports, StateReport classic) {
        if (reports.isEmpty()) {
            console.out().println("sync '" + sync + "' runs per tenant; no tenant has state or can run it yet");
        } else {
            List<List<String>> rows = new ArrayList<>();
            for (StateReport r : reports) {
                rows.add(List.of(r.tenant(), Integer.toString(r.state().checkpoints().size()), Long.toString(r.state().fingerprints()),
                        Long.toString(r.state().writeIntents()), r.held().map(l -> "held by " + l.owner()).orElse("free"),
                        r.lastRunText()));
            }
            console.table(List.of("tenant", "checkpoints", "fingerprints", "intents", "lease", "last run"), rows);
            console.out().println("details of one tenant: junction state show " + sync + " --tenant T");
        }
        if (!classic.state().isEmpty()) {
            console.out().println("state from before '" + sync + "' ran per tenant: " + classic.state().checkpoints().size() + " checkpoint(s), "
                    + classic.state().fingerprints() + " fingerprint(s); no tenant uses it. Move it onto a tenant with: junction state move "
                    + sync + " --to-tenant T");
        }
    }
}

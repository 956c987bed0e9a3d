package dev.junction.cli.internal;

import dev.junction.store.SyncStateRepository;
import dev.junction.engine.SyncStates;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "reset", description = {
    "Clears a sync's checkpoints and fingerprints, so its next run reads and sends everything again.",
    "Every record is sent again as an upsert. --checkpoint-only keeps the fingerprints (everything is read again, unchanged records are still",
    "skipped); --partition P clears only partition P's checkpoint. Refused while a run of the sync holds its lease.",
    "Run history, dead letters and pending write intents are kept. Asks first; --yes to skip the question."})
public final class StateResetCommand implements Callable<Integer> {
    private final Console console;
    private final Map<String, String> env;

    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "SYNC", description = "An applied sync.")
    String sync;

    @Option(names = "--tenant", paramLabel = "T", description = "A per-tenant sync: reset only tenant T's state.")
    String tenant;

    @Option(names = "--all-tenants", description = "A per-tenant sync: reset every tenant's state, in one transaction.")
    boolean allTenants;

    @Option(names = "--partition", paramLabel = "P", description = "Clear only this partition's checkpoint (see: junction state show SYNC); keeps fingerprints.")
    String partition;

    @Option(names = "--checkpoint-only", description = "Keep the fingerprints: everything is read again, unchanged records are still skipped.")
    boolean checkpointOnly;

    @Option(names = "--yes", description = "Reset without asking.")
    boolean yes;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec commandSpec;

    StateResetCommand(Console console, Map<String, String> env) {
        this.console = console;
        this.env = env;
    }

    @Override
    public Integer call() {
        common.applyTo(console);
        try (dev.junction.engine.Engine engine = common.engine(env)) {
            SyncStates.ResetPlan plan = engine.states().planReset(engine.definitions().applied(), sync, tenant, allTenants, partition, checkpointOnly);
            List<StateReport> reports = plan.reports().stream().map(StateReport::of).toList();
            if (plan.empty()) {
                console.out().println("nothing to reset: " + whom(reports) + " has no stored checkpoint" + (plan.what().fingerprints() ? " or fingerprint" : ""));
                console.out().flush();
                return 0;
            }
            if (!yes && !confirmed(reports, plan.checkpoints(), plan.fingerprints(), plan.intents())) {
                return 2;
            }
            SyncStateRepository.Outcome outcome = engine.states().reset(plan);
            PrintWriter out = console.out();
            out.println("reset " + whom(reports) + ": removed " + outcome.checkpoints() + " checkpoint(s)"
                    + (plan.what().fingerprints() ? " and " + outcome.fingerprints() + " fingerprint(s)" : ""));
            out.println("next run: " + nextRun());
            out.println(kept(plan.intents()));
            out.flush();
            return 0;
        }
    }

    /** Without --yes: asks on a terminal; otherwise prints the plan and says to add --yes. */
    private boolean confirmed(List<StateReport> reports, long checkpoints, long fingerprints, long intents) {
        PrintWriter out = console.out();
        out.println("would reset " + whom(reports) + ":");
        StringBuilder streams = new StringBuilder();
        for (StateReport r : reports) {
            if (!r.state().checkpoints().isEmpty()) {
                streams.append(streams.isEmpty() ? "" : "; ").append(r.tenant() == null ? "" : r.tenant() + " ").append(r.checkpointList());
            }
        }
        out.println("  remove " + checkpoints + " checkpoint(s)" + (partition != null ? " of partition '" + partition + "'" : " (" + streams + ")"));
        if (fingerprints > 0) {
            out.println("  remove " + fingerprints + " fingerprint(s)");
        }
        out.println("  next run: " + nextRun());
        out.println("  " + kept(intents));
        out.flush();
        String answer = console.ask("reset? [y/N] ");
        if (answer != null && answer.strip().equalsIgnoreCase("y")) {
            return true;
        }
        console.err().println("junction: nothing was reset" + (answer == null ? "; add --yes to reset (no terminal to ask on)" : ""));
        console.err().flush();
        return false;
    }

    private String nextRun() {
        if (partition != null) {
            return "reads partition '" + partition + "' from its start; unchanged records are still skipped";
        }
        return checkpointOnly ? "reads everything again; records whose fingerprint is unchanged are still skipped"
                : "reads everything again and sends every record (as upserts: the destination sees each one again)";
    }

    private static String kept(long intents) {
        return "kept: run history and dead letters" + (intents > 0 ? "; " + intents + " pending write intent(s) (the next run sends them again first)" : "");
    }

    private String whom(List<StateReport> reports) {
        if (reports.size() == 1) {
            return reports.getFirst().what();
        }
        return "sync '" + sync + "' for " + (reports.isEmpty() ? "no tenant (none has state)"
                : "every tenant (" + String.join(", ", reports.stream().map(StateReport::tenant).toList()) + ")");
    }
}

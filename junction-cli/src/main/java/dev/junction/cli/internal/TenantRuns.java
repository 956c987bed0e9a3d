package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.JunctionException;
import dev.junction.engine.Engine;
import dev.junction.engine.RunGroup;
import dev.junction.engine.Runs;
import dev.junction.engine.TenantFanOut;
import dev.junction.spec.LoadResult;
import dev.junction.store.RunRecord;
import dev.junction.sync.DryRun;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code junction run SYNC} of a per-tenant sync: every eligible tenant, at most {@code concurrency}
 * at once, started in name order ({@link TenantFanOut}). Each tenant is its own run (its own lease,
 * state, counters and dead letters); all of them go through the engine's one connection registry, so
 * tenants share a rate budget or an OAuth token only when they share a connection (a fixed side). A
 * tenant that fails, cannot start or is cancelled leaves the others alone; the exit code is the worst
 * of them. Each tenant's summary line is printed as it finishes, then a table of all of them in name
 * order; JSON and dry-run reports come at the end, in name order.
 */
final class TenantRuns {
    /** What the command was asked to do for each tenant. */
    record Request(String sync, boolean json, boolean dryRun, int samples, boolean forceDeletes) {}

    /** One tenant's end: its run (null when it never started one) and what to show of it. */
    private record Outcome(String tenant, int exit, RunRecord run, String error, String report, ObjectNode json) {}

    private final Console console;
    private final ObjectMapper mapper;
    private final Engine engine;
    private final RunGroup cancellation;

    TenantRuns(Console console, ObjectMapper mapper, Engine engine, RunGroup cancellation) {
        this.console = console;
        this.mapper = mapper;
        this.engine = engine;
        this.cancellation = cancellation;
    }

    /** Runs the tenants and prints their reports; returns the worst exit code. */
    int run(LoadResult definitions, List<String> tenants, int concurrency, Request request, boolean live) throws Exception {
        TenantProgress progress = new TenantProgress(console, tenants.size(), !request.json(), live);
        List<Outcome> outcomes;
        try {
            outcomes = TenantFanOut.forEach(tenants, concurrency, tenant -> runOne(definitions, tenant, request, progress));
        } finally {
            progress.close();
        }
        int exit = 0;
        for (Outcome o : outcomes) {
            exit = worst(exit, o.exit());
        }
        if (request.json() && !request.dryRun()) {
            ArrayNode runs = mapper.createArrayNode();
            outcomes.forEach(o -> runs.add(o.json()));
            console.out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(runs));
        } else if (request.dryRun()) {
            outcomes.forEach(o -> console.out().print(o.report()));
        } else {
            table(request.sync(), outcomes);
        }
        console.out().flush();
        return exit;
    }

    private Outcome runOne(LoadResult definitions, String tenant, Request request, TenantProgress progress) {
        if (cancellation.requested()) {
            Outcome skipped = failure(request, tenant, 4, "not started: junction run was stopped before this tenant's turn");
            progress.end(tenant, false, "", "");
            return skipped;
        }
        progress.begin(tenant);
        Outcome outcome;
        try {
            outcome = request.dryRun() ? dryRun(definitions, tenant, request, progress) : realRun(definitions, tenant, request, progress);
        } catch (JunctionException e) {
            outcome = failure(request, tenant, 1, e.getMessage());
        } catch (RuntimeException e) {
            outcome = failure(request, tenant, 1, "unexpected error: " + e);
        }
        String err = outcome.error() == null || outcome.run() != null ? "" : console.red("tenant " + tenant + ": ") + outcome.error() + "\n";
        progress.end(tenant, true, request.dryRun() || request.json() ? "" : outcome.report(), err);
        return outcome;
    }

    private Outcome realRun(LoadResult definitions, String tenant, Request request, TenantProgress progress) {
        Runs.Outcome outcome = engine.runs().run(definitions, new Runs.Request(request.sync(), tenant, "cli", request.forceDeletes()),
                cancellation.tracking(progress.listener(tenant)));
        RunRecord run = outcome.run();
        if (request.json()) {
            return new Outcome(tenant, Runs.exitCode(run), run, run.error(), "", RunReport.json(mapper, outcome));
        }
        StringWriter text = new StringWriter();
        Console captured = console.capturing(text);
        RunReport.line(captured, run);
        RunReport.deprecations(captured, outcome.deprecations());
        DriftReport.print(captured, outcome.drift());
        return new Outcome(tenant, Runs.exitCode(run), run, run.error(), text.toString(), null);
    }

    private Outcome dryRun(LoadResult definitions, String tenant, Request request, TenantProgress progress) {
        DryRun dry = engine.runs().dryRun(definitions, new Runs.Request(request.sync(), tenant, "cli", request.forceDeletes()), request.samples(),
                progress.listener(tenant));
        StringWriter text = new StringWriter();
        Console captured = console.capturing(text);
        if (!request.json()) {
            captured.out().println(captured.bold("tenant " + tenant));
        }
        try {
            int exit = DryRunReport.print(captured, mapper, dry, request.json());
            return new Outcome(tenant, exit, dry.run(), dry.run().error(), text.toString(), null);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A tenant that never got to run (or whose dry run could not be planned). */
    private Outcome failure(Request request, String tenant, int exit, String error) {
        ObjectNode node = mapper.createObjectNode().put("sync", request.sync()).put("tenant", tenant)
                .put("status", exit == 4 ? "cancelled" : "failed").put("error", error);
        return new Outcome(tenant, exit, null, error, "", node);
    }

    /** The worse of two exit codes: a failure (1) before anything else, then the highest. */
    static int worst(int a, int b) {
        return a == 1 || b == 1 ? 1 : Math.max(a, b);
    }

    /** Every tenant in name order: how it ended and its counters. */
    private void table(String sync, List<Outcome> outcomes) {
        List<List<String>> rows = new ArrayList<>();
        int[] byExit = new int[5];
        for (Outcome o : outcomes) {
            byExit[o.exit()]++;
            RunRecord r = o.run();
            if (r == null) {
                rows.add(List.of("  " + o.tenant(), o.exit() == 4 ? "not started" : "not run", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-", "-"));
                continue;
            }
            var c = r.counters();
            rows.add(List.of("  " + o.tenant(), r.status().name().toLowerCase(Locale.ROOT), r.id(), RunReport.fmt(c.read()), RunReport.fmt(c.inserted()),
                    RunReport.fmt(c.updated()), RunReport.fmt(c.unchanged()), RunReport.fmt(c.skipped()), RunReport.fmt(c.deleted()),
                    RunReport.fmt(c.failed()), RunReport.fmt(c.retries()), RunReport.fmt(c.throttled()), RunReport.seconds(r)));
        }
        console.out().println("  " + console.bold(sync) + ": " + outcomes.size() + " tenant(s): " + byExit[0] + " succeeded, " + byExit[3]
                + " with dead letters, " + byExit[1] + " failed, " + byExit[4] + " cancelled");
        console.table(List.of("  tenant", "status", "run", "read", "inserted", "updated", "unchanged", "skipped", "deleted", "failed", "retries",
                "429s absorbed", "took"), rows);
    }
}

package dev.junction.cli.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.JunctionException;
import dev.junction.http.OAuthTokens;
import dev.junction.http.RateLimiters;
import dev.junction.spec.LoadResult;
import dev.junction.store.RunRecord;
import dev.junction.sync.DryRun;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * {@code junction run SYNC} of a per-tenant sync: every eligible tenant, at most {@code concurrency}
 * at once, started in name order. Each tenant is its own run (its own lease, state, counters and dead
 * letters) planned by its own {@link SyncRunner}; all of them share the connections' rate budgets and
 * OAuth 2.0 tokens, so tenants share them only when they share a connection (a fixed side). A tenant
 * that fails, cannot start or is cancelled leaves the others alone; the exit code is the worst of them. Each tenant's summary line
 * is printed as it finishes, then a table of all of them in name order; JSON and dry-run reports
 * come at the end, in name order.
 */
final class TenantRuns {
    /** What the command was asked to do for each tenant. */
    record Request(String sync, boolean json, boolean dryRun, int samples, boolean forceDeletes) {}

    /** One tenant's end: its run (null when it never started one) and what to show of it. */
    private record Outcome(String tenant, int exit, RunRecord run, String error, String report, ObjectNode json) {}

    private final Console console;
    private final ObjectMapper mapper;
    private final Workspace workspace;
    private final Function<String, String> env;
    private final RunCancellation cancellation;
    private final RateLimiters rateLimiters = new RateLimiters();
    private final OAuthTokens oauthTokens = new OAuthTokens();

    TenantRuns(Console console, ObjectMapper mapper, Workspace workspace, Function<String, String> env, RunCancellation cancellation) {
        this.console = console;
        this.mapper = mapper;
        this.workspace = workspace;
        this.env = env;
        this.cancellation = cancellation;
    }

    /** Runs the tenants and prints their reports; returns the worst exit code. */
    int run(LoadResult definitions, List<String> tenants, int concurrency, Request request, boolean live) throws Exception {
        TenantProgress progress = new TenantProgress(console, tenants.size(), !request.json(), live);
        List<Outcome> outcomes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.min(concurrency, tenants.size()),
                Thread.ofVirtual().name("junction-tenant-", 0).factory())) {
            List<Future<Outcome>> futures = new ArrayList<>();
            for (String tenant : tenants) {
                futures.add(pool.submit(() -> runOne(definitions, tenant, request, progress)));
            }
            for (Future<Outcome> f : futures) {
                outcomes.add(f.get());
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } finally {
            progress.close();
        }
        int exit = 0;
        for (Outcome o : outcomes) {
            exit = SyncRunner.worst(exit, o.exit());
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
        SyncRunner runner = new SyncRunner(workspace, mapper, env, rateLimiters, oauthTokens);
        RunRecord run = runner.run(definitions, request.sync(), tenant, "cli", cancellation.tracking(progress.listener(tenant)),
                request.forceDeletes());
        if (request.json()) {
            return new Outcome(tenant, SyncRunner.exitCode(run), run, run.error(), "", RunReport.json(mapper, run, runner));
        }
        StringWriter text = new StringWriter();
        Console captured = console.capturing(text);
        RunReport.line(captured, run);
        RunReport.deprecations(captured, runner.deprecations());
        DriftReport.print(captured, runner.drift());
        return new Outcome(tenant, SyncRunner.exitCode(run), run, run.error(), text.toString(), null);
    }

    private Outcome dryRun(LoadResult definitions, String tenant, Request request, TenantProgress progress) {
        SyncRunner runner = new SyncRunner(workspace, mapper, env, rateLimiters, oauthTokens);
        DryRun dry = runner.dryRun(definitions, request.sync(), tenant, request.samples(), progress.listener(tenant), request.forceDeletes());
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

package dev.junction.server.console;

import dev.junction.engine.ConnectionHealth;
import dev.junction.engine.Engine;
import dev.junction.server.api.CatalogViews.SyncSummary;
import dev.junction.server.api.internal.SpecViews;
import dev.junction.spec.ConnectionSpec;
import dev.junction.store.AlertRecord;
import dev.junction.store.ConnectionCheck;
import dev.junction.store.ResultPage;
import dev.junction.store.RunQuery;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the console's pages show, read from the engine the way the REST API reads it, always confined to
 * one tenant (or none, for operators): plain records the templates print, so no template holds logic
 * beyond loops and conditions.
 */
public final class ConsoleViews {
    /** The runs the overview counts at most; past it, it says the counts are of the newest ones. */
    static final int OVERVIEW_RUNS = 1000;
    static final int RECENT_RUNS = 20;

    /** Runs of the last 24 hours: counts by status, the newest runs, the syncs whose latest run failed. */
    public record Overview(int total, boolean capped, Map<String, Integer> byStatus, RunChart chart, RecordChart records, List<RunRecord> recent, List<RunRecord> failingSyncs,
            List<ConnectionHealth.Status> attention, List<AlertRecord> alerts) {}

    /** One connection's page. */
    public record ConnectionPage(ConnectionSpec spec, ConnectionHealth.Status status, String account, List<ConnectionCheck> history) {}

    /** One sync with its latest run (null: none visible). */
    public record SyncRow(SyncSummary sync, RunRecord latest) {}

    private final Engine engine;

    ConsoleViews(Engine engine) {
        this.engine = engine;
    }

    Overview overview(String tenant) {
        Instant now = engine.clock().instant();
        Instant since = now.minus(Duration.ofHours(24));
        ResultPage<RunRecord> page = engine.runs().list(new RunQuery(null, tenant, null, null, since, null, null, OVERVIEW_RUNS));
        List<RunRecord> runs = page.items();
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (RunStatus status : RunStatus.values()) {
            int count = (int) runs.stream().filter(r -> r.status() == status).count();
            if (count > 0) {
                byStatus.put(status.name().toLowerCase(Locale.ROOT), count);
            }
        }
        Set<String> seen = new LinkedHashSet<>();
        List<RunRecord> failing = new ArrayList<>();
        for (RunRecord run : runs) { // newest first: the first run of each sync and tenant is its latest
            if (seen.add(run.sync() + "\u0000" + run.tenant()) && run.status() == RunStatus.FAILED) {
                failing.add(run);
            }
        }
        List<ConnectionHealth.Status> attention = engine.health().statuses(tenant).stream()
                .filter(s -> ConnectionHealth.FAILING.equals(s.status()) || ConnectionHealth.NEEDS_REAUTH.equals(s.status())).toList();
        List<AlertRecord> alerts = engine.alerts().list(tenant, AlertRecord.Status.FIRING, 20);
        return new Overview(runs.size(), page.nextCursor() != null, byStatus, RunChart.of(runs, now), RecordChart.of(runs, now),
                runs.stream().limit(RECENT_RUNS).toList(), failing, attention, alerts);
    }

    ConnectionPage connection(ConnectionSpec spec, String tenant) {
        var account = engine.managedConnections().account(spec.name());
        String accountName = account == null ? null : account.name() != null ? account.name() + " (" + account.id() + ")" : account.id();
        return new ConnectionPage(spec, engine.health().status(spec.name(), tenant), accountName,
                engine.health().history(spec.name(), tenant, ConnectionHealth.HISTORY));
    }

    List<SyncRow> syncs(String tenant) {
        return engine.catalog().syncs().stream().map(sync -> {
            List<RunRecord> latest = engine.runs().list(new RunQuery(sync.name(), tenant, null, null, null, null, null, 1)).items();
            return new SyncRow(SpecViews.summary(sync), latest.isEmpty() ? null : latest.getFirst());
        }).toList();
    }
}

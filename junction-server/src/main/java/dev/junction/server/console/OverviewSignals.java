package dev.junction.server.console;

import dev.junction.engine.Engine;
import dev.junction.spec.ConnectionSpec;
import dev.junction.store.DriftEvent;
import dev.junction.store.EndpointSignal;
import dev.junction.store.InboxStats;
import dev.junction.store.StoredSchema;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the overview shows beside runs, read through the engine calls the API uses for each:
 * {@code Deprecation} and {@code Sunset} headers the APIs sent (as {@code GET
 * /api/v1/connections/{connection}/health}), schema drift runs saw in the last week (as {@code GET
 * .../schemas/{stream}/drift}), both for the connections the viewer may see, and the inbox's lag (as
 * {@code GET /api/v1/inbox/stats}: depth and the oldest pending event's age; over every tenant, so
 * for operators only, null for a tenant's token).
 */
public record OverviewSignals(List<EndpointSignal> deprecations, List<DriftEvent> drift, InboxLag inbox) {
    static final int SHOWN = 20;
    static final Duration DRIFT_WINDOW = Duration.ofDays(7);
    private static final Set<String> DEPRECATION_HEADERS = Set.of("deprecation", "sunset");

    /** The inbox's depth: pending (and the oldest one's age), claimed and dead events. */
    public record InboxLag(long pending, String oldestPending, long claimed, long dead) {}

    static OverviewSignals read(Engine engine, String tenant, boolean operator) {
        List<ConnectionSpec> visible = engine.catalog().connections(tenant);
        Set<String> names = visible.stream().map(ConnectionSpec::name).collect(Collectors.toSet());
        List<EndpointSignal> deprecations = engine.connections().signals(null).stream()
                .filter(s -> names.contains(s.connection()) && s.kind() != null && DEPRECATION_HEADERS.contains(s.kind().toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparing(EndpointSignal::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))).limit(SHOWN).toList();
        Instant since = engine.clock().instant().minus(DRIFT_WINDOW);
        List<DriftEvent> drift = new ArrayList<>();
        for (StoredSchema schema : engine.store().schemas().list(null)) {
            if (names.contains(schema.connection())) {
                engine.schemas().show(schema.connection(), schema.stream(), SHOWN).drift().stream().filter(d -> d.at().isAfter(since)).forEach(drift::add);
            }
        }
        drift.sort(Comparator.comparing(DriftEvent::at).reversed());
        InboxLag lag = null;
        if (operator) {
            InboxStats stats = engine.inbox().stats();
            lag = new InboxLag(stats.pending(), stats.pending() == 0 ? null : age(stats.oldestPendingAge()), stats.claimed(), stats.dead());
        }
        return new OverviewSignals(deprecations, drift.stream().limit(SHOWN).toList(), lag);
    }

    /** An age in the largest whole unit: 42 s, 7 min, 3 h, 2 d. */
    static String age(Duration age) {
        long s = age.toSeconds();
        return s < 120 ? s + " s" : s < 7200 ? age.toMinutes() + " min" : s < 172_800 ? age.toHours() + " h" : age.toDays() + " d";
    }
}

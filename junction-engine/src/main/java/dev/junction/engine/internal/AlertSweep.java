package dev.junction.engine.internal;

import dev.junction.engine.internal.AlertConditions.Subject;
import dev.junction.engine.internal.AlertConditions.Verdict;
import dev.junction.spec.AlertSpec;
import dev.junction.spec.SyncSpec;
import dev.junction.store.ConnectionRecord;
import dev.junction.store.EndpointSignal;
import dev.junction.store.InboxStats;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The conditions decided by the clock and the store rather than by one event, checked on each
 * periodic evaluation: no successful run of a sync (per tenant) within a time, the inbox's oldest
 * pending event older than a limit, a connection whose status is {@code failing} or
 * {@code needs_reauth}, a {@code Deprecation} or {@code Sunset} header seen lately. Each answers a
 * verdict for every subject it looked at: holds, or clear. A subject firing that it no longer sees is
 * cleared by the caller.
 */
public final class AlertSweep {
    /** How many of a sync's newest runs are read to find its last successful one per tenant. */
    static final int RUNS_READ = 200;

    private final Store store;
    private final Supplier<InboxStats> inbox;
    private final Instant since;

    /** @param since when this process started watching: a sync that never ran successfully counts from then */
    public AlertSweep(Store store, Supplier<InboxStats> inbox, Instant since) {
        this.store = store;
        this.inbox = inbox;
        this.since = since;
    }

    /** The verdicts of a rule decided by the clock; null when its condition is decided by events. */
    public List<Verdict> verdicts(AlertSpec rule, Map<String, SyncSpec> syncs, Instant now) {
        return switch (rule.condition().type()) {
            case NO_SUCCESSFUL_RUN -> noSuccessfulRun(rule, syncs, now);
            case INBOX_LAG -> inboxLag(rule);
            case CONNECTION_UNHEALTHY -> connections(rule);
            case DEPRECATION -> deprecations(rule, now);
            default -> null;
        };
    }

    private List<Verdict> noSuccessfulRun(AlertSpec rule, Map<String, SyncSpec> syncs, Instant now) {
        AlertSpec.Scope scope = rule.scope();
        Duration within = rule.condition().within();
        List<Verdict> out = new ArrayList<>();
        for (SyncSpec sync : syncs.values()) {
            if (!scope.matches(sync.name(), scope.connection(), scope.tenant()) || scope.connection() != null
                    && !connectionsOf(sync).contains(scope.connection())) {
                continue;
            }
            Map<String, Instant> lastSuccess = new LinkedHashMap<>();
            for (RunRecord run : store.runs().list(sync.name(), scope.tenant(), RUNS_READ)) {
                String tenant = run.tenant() == null ? "" : run.tenant();
                lastSuccess.putIfAbsent(tenant, null);
                boolean succeeded = run.status() == RunStatus.SUCCEEDED || run.status() == RunStatus.PARTIAL;
                if (succeeded && run.finishedAt() != null && (lastSuccess.get(tenant) == null || run.finishedAt().isAfter(lastSuccess.get(tenant)))) {
                    lastSuccess.put(tenant, run.finishedAt());
                }
            }
            if (lastSuccess.isEmpty()) {
                lastSuccess.put(scope.tenant() == null ? "" : scope.tenant(), null); // never ran
            }
            lastSuccess.forEach((tenant, at) -> {
                Instant from = at == null ? since : at;
                Subject subject = AlertConditions.syncSubject(sync.name(), tenant.isEmpty() ? null : tenant);
                boolean holds = Duration.between(from, now).compareTo(within) > 0;
                out.add(new Verdict(subject, holds, holds ? sync.name() + (tenant.isEmpty() ? "" : " (tenant " + tenant + ")") + " had no successful run in "
                        + dev.junction.engine.Durations.format(within) + (at == null ? " (none since Junction started watching, " + since + ")" : "; the last ended " + at)
                        : null));
            });
        }
        return out;
    }

    private List<Verdict> inboxLag(AlertSpec rule) {
        InboxStats stats = inbox.get();
        Duration above = rule.condition().above();
        boolean holds = stats.oldestPendingAge() != null && stats.oldestPendingAge().compareTo(above) > 0;
        return List.of(new Verdict(new Subject("inbox", null, null, null), holds, holds ? "The oldest of " + stats.pending()
                + " pending inbox events has waited " + dev.junction.engine.Durations.format(stats.oldestPendingAge().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)) + ", more than " + dev.junction.engine.Durations.format(above)
                + "; are the servers' inbox workers running?" : null));
    }

    private List<Verdict> connections(AlertSpec rule) {
        AlertSpec.Scope scope = rule.scope();
        List<Verdict> out = new ArrayList<>();
        for (ConnectionRecord c : store.connections().list()) {
            if (!scope.matches(scope.sync(), c.name(), c.tenant())) {
                continue;
            }
            String status = c.status() == null ? "" : c.status();
            boolean holds = status.equals(ReauthStatus.NEEDS_REAUTH) || status.equals("failing");
            out.add(new Verdict(AlertConditions.connectionSubject(c.name(), c.tenant()), holds, holds ? "Connection " + c.name()
                    + (c.tenant() == null ? "" : " of tenant " + c.tenant()) + " is " + status + (c.statusDetail() == null ? "" : ": " + c.statusDetail())
                    : null));
        }
        return out;
    }

    private List<Verdict> deprecations(AlertSpec rule, Instant now) {
        AlertSpec.Scope scope = rule.scope();
        Map<String, List<EndpointSignal>> byConnection = new LinkedHashMap<>();
        for (EndpointSignal s : store.endpointSignals().list(scope.connection())) {
            String kind = s.kind().toLowerCase(Locale.ROOT);
            if ((kind.equals("deprecation") || kind.equals("sunset")) && !s.lastSeen().plus(rule.resolveAfter()).isBefore(now)) {
                byConnection.computeIfAbsent(s.connection(), k -> new ArrayList<>()).add(s);
            }
        }
        List<Verdict> out = new ArrayList<>();
        byConnection.forEach((connection, signals) -> {
            EndpointSignal first = signals.getFirst();
            out.add(new Verdict(AlertConditions.connectionSubject(connection, null), true, "The API of connection " + connection + " answered "
                    + first.kind() + ": " + first.value() + " for " + first.method() + " " + first.path()
                    + (signals.size() > 1 ? " (and " + (signals.size() - 1) + " more signals)" : "") + "; list them with junction connectors health"));
        });
        return out;
    }

    /** A sync's source and destination connections. */
    public static List<String> connectionsOf(SyncSpec sync) {
        List<String> out = new ArrayList<>(2);
        if (sync.source() != null && sync.source().connection() != null) {
            out.add(sync.source().connection());
        }
        if (sync.destination() != null && sync.destination().connection() != null) {
            out.add(sync.destination().connection());
        }
        return out;
    }
}

package dev.junction.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.JunctionException;
import dev.junction.audit.AuditReport;
import dev.junction.audit.AuditRules;
import dev.junction.audit.Reconciliation;
import dev.junction.engine.internal.AuditReads;
import dev.junction.http.PipelineListener;
import dev.junction.http.PipelineOptions;
import dev.junction.mapping.EffectiveMapping;
import dev.junction.runtime.PlannedSync;
import dev.junction.runtime.SyncPlanner;
import dev.junction.runtime.Tenants;
import dev.junction.spec.FieldMapping;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SyncSpec;
import dev.junction.store.Store;
import dev.junction.store.SyncAudit;
import dev.junction.store.jdbc.JdbcSqlSources;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reconciliation audits: does the destination hold what the sync's source has? An audit reads the
 * sync's source in full through its mapping (so values compare in destination terms) and the
 * destination connection's stream named in the sync's {@code audit:} section, and reports by key the
 * records missing at the destination, the extra ones there, and those whose compared fields differ
 * after the section's normalizers (see {@link Reconciliation}: both sides go to sorted spill files,
 * merge-joined, so memory stays bounded for millions of keys). It writes nothing to either side and
 * takes no lease; like a dry run it keeps no request log. Each audit is stored (running, then its
 * counts and report); one with differences emits {@link EventType#AUDIT_DIFFERENCES}.
 */
public final class Audits implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Audits.class);
    /** Samples kept per kind by a scheduled audit. */
    static final int SCHEDULED_SAMPLES = 20;
    /** A scheduled audit still running after this long is taken for one whose process died. */
    static final java.time.Duration STALE_RUNNING = java.time.Duration.ofHours(6);
    /** The most samples of each kind an audit may keep. */
    public static final int MAX_SAMPLES = 1000;
    /**
     * The longest report stored: H2 keeps at most 1,000,000 characters in a text column. A report
     * that would be longer keeps fewer samples (halved until it fits); its counts stay whole.
     */
    static final int MAX_REPORT_CHARS = 900_000;

    /**
     * An audit of {@code sync} for {@code tenant} (null: a classic sync), keeping up to {@code samples}
     * samples of each kind, asked for by {@code trigger} (cli, api).
     */
    public record Request(String sync, String tenant, int samples, String trigger) {
        public Request {
            java.util.Objects.requireNonNull(sync, "sync");
            java.util.Objects.requireNonNull(trigger, "trigger");
        }
    }

    private final Store store;
    private final Connections connections;
    private final Events events;
    private final ObjectMapper json;
    private final Clock clock;
    private final Reconciliation.Settings settings;
    private final ExecutorService background = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("junction-audit-", 0).factory());

    public Audits(Store store, Connections connections, Events events, ObjectMapper json, Clock clock, Reconciliation.Settings settings) {
        this.store = store;
        this.connections = connections;
        this.events = events;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
    }

    /**
     * Runs an audit here, to its end, and returns it stored (clean, differences or failed).
     *
     * @throws EngineException.NotFound when no such sync is applied
     * @throws EngineException.Invalid when the sync has no {@code audit:} section, the tenant does not fit, or samples is out of range
     */
    public SyncAudit run(LoadResult definitions, Request request) {
        SyncAudit started = begin(definitions, request);
        return execute(definitions, request, started);
    }

    /**
     * Checks the request, stores the audit as running and runs it on a background thread of this
     * process; {@link #get} shows its progress. An audit whose process stops before its end stays
     * running in the store.
     *
     * @throws EngineException.NotFound when no such sync is applied
     * @throws EngineException.Invalid as {@link #run}
     */
    public SyncAudit start(LoadResult definitions, Request request) {
        SyncAudit started = begin(definitions, request);
        try {
            background.execute(() -> execute(definitions, request, started));
        } catch (RejectedExecutionException e) {
            return end(started, null, "the process is stopping; the audit did not start");
        }
        return started;
    }

    /**
     * Starts, in the background, each audit whose sync declares {@code audit.every} and whose newest
     * audit (per tenant, for a per-tenant sync) started at least that long ago, as {@code junction
     * serve} does every minute (a {@link dev.junction.engine.internal.PeriodicTask}); returns them. One
     * still running is waited for, unless it started more than {@link #STALE_RUNNING} ago (its process
     * died). A tenant that cannot be audited now (a connection missing) is skipped and logged.
     */
    public List<SyncAudit> startDue(LoadResult definitions) {
        List<SyncAudit> started = new java.util.ArrayList<>();
        java.time.Instant now = now();
        for (SyncSpec sync : definitions.syncs().values()) {
            if (sync.audit() == null || sync.audit().every() == null) {
                continue;
            }
            List<String> tenants = sync.perTenant() ? Tenants.eligible(definitions, sync) : java.util.Collections.singletonList(null);
            for (String tenant : tenants) {
                List<SyncAudit> newest = list(sync.name(), tenant, 1);
                if (!newest.isEmpty() && (newest.getFirst().startedAt().plus(sync.audit().every()).isAfter(now)
                        || SyncAudit.RUNNING.equals(newest.getFirst().status()) && newest.getFirst().startedAt().plus(STALE_RUNNING).isAfter(now))) {
                    continue;
                }
                try {
                    started.add(start(definitions, new Request(sync.name(), tenant, SCHEDULED_SAMPLES, "schedule")));
                } catch (RuntimeException e) {
                    LOG.warn("The scheduled audit of sync '{}'{} could not start: {}", sync.name(), tenant == null ? "" : " for tenant '" + tenant + "'",
                            e.getMessage());
                }
            }
        }
        return started;
    }

    public Optional<SyncAudit> find(String id) {
        return store.syncAudits().find(id);
    }

    /** The audit, or NotFound naming how to list them. */
    public SyncAudit get(String id) {
        return find(id).orElseThrow(() -> new EngineException.NotFound("no audit with id '" + id + "'; list audits with GET /api/v1/audits"));
    }

    /** Newest first; {@code sync} and {@code tenant} null for every one. */
    public List<SyncAudit> list(String sync, String tenant, int limit) {
        return store.syncAudits().list(sync, tenant, limit);
    }

    /** The report of a finished audit (empty while it runs, or when it failed). */
    public Optional<AuditReport> report(SyncAudit audit) {
        if (audit.report() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(audit.report(), AuditReport.class));
        } catch (JsonProcessingException e) {
            throw new JunctionException("the stored report of audit " + audit.id() + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }

    /** Stops the audits running in the background; they end failed. */
    @Override
    public void close() {
        background.shutdownNow();
    }

    private SyncAudit begin(LoadResult definitions, Request request) {
        SyncSpec spec = SyncTargets.sync(definitions, request.sync(), request.tenant());
        if (spec.audit() == null) {
            throw new EngineException.Invalid("sync '" + request.sync() + "' has no audit: section, so Junction does not know which destination stream"
                    + " to compare with; add audit: { stream: STREAM, key: FIELD } to the sync (docs/syncs.md#audits)");
        }
        if (spec.perTenant() && request.tenant() == null) {
            throw new EngineException.Invalid("sync '" + request.sync() + "' runs per tenant; audit one tenant at a time (tenants that can run it: "
                    + String.join(", ", Tenants.eligible(definitions, spec)) + ")");
        }
        if (request.samples() < 0 || request.samples() > MAX_SAMPLES) {
            throw new EngineException.Invalid("samples: expected 0 to " + MAX_SAMPLES + " per kind, found " + request.samples());
        }
        SyncTargets.tenants(definitions, spec, request.tenant()); // a tenant lacking a connection is refused now
        SyncAudit started = new SyncAudit(UUID.randomUUID().toString(), request.sync(), request.tenant(), request.trigger(), SyncAudit.RUNNING,
                now(), null, 0, 0, 0, 0, 0, null, null);
        store.syncAudits().insert(started);
        return started;
    }

    private SyncAudit execute(LoadResult definitions, Request request, SyncAudit started) {
        AuditReport report;
        try {
            report = compare(definitions, request, started.id());
        } catch (RuntimeException e) {
            return end(started, null, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        SyncAudit ended = end(started, report, null);
        if (!report.clean()) {
            emit(ended);
        }
        return ended;
    }

    private AuditReport compare(LoadResult definitions, Request request, String auditId) {
        SyncSpec named = definitions.syncs().get(request.sync());
        SyncSpec bound = request.tenant() == null ? named : Tenants.bind(definitions, named, request.tenant());
        List<String> targets = EffectiveMapping.of(bound, definitions.connections()).mappings().stream().map(FieldMapping::target).toList();
        AuditRules rules = new AuditRules(named.audit(), bound.destination().key(), targets);
        PipelineOptions options = connections.pipeline(PipelineListener.NONE, false);
        SyncPlanner planner = new SyncPlanner(connections.secrets(), options, json, new JdbcSqlSources(json));
        try (PlannedSync planned = planner.plan(definitions, request.sync(), request.tenant(), "audit");
                Reconciliation reconciliation = new Reconciliation(rules, settings.withSamples(request.samples()))) {
            AuditReads reads = new AuditReads(definitions, connections.secrets(), options);
            reads.source(planned.job(), auditId, reconciliation);
            reads.destination(bound, named.audit().stream(), reconciliation);
            return reconciliation.finish();
        }
    }

    private SyncAudit end(SyncAudit started, AuditReport report, String error) {
        String text = null;
        if (report != null) {
            try {
                text = json.writeValueAsString(report);
                AuditReport.Samples samples = report.samples();
                int keep = Math.max(samples.missing().size(), Math.max(samples.extra().size(), samples.mismatched().size()));
                while (text.length() > MAX_REPORT_CHARS && keep > 0) {
                    keep /= 2;
                    text = json.writeValueAsString(report.withAtMostSamples(keep));
                }
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an audit report could not be written as JSON", e);
            }
        }
        String status = report == null ? SyncAudit.FAILED : report.clean() ? SyncAudit.CLEAN : SyncAudit.DIFFERENCES;
        boolean done = report != null;
        SyncAudit ended = new SyncAudit(started.id(), started.sync(), started.tenant(), started.trigger(), status, started.startedAt(), now(),
                done ? report.sourceRecords() : 0, done ? report.destinationRecords() : 0, done ? report.missing() : 0, done ? report.extra() : 0,
                done ? report.mismatched() : 0, text, error == null ? null : dev.junction.http.internal.Redactor.secretsByName(error));
        store.syncAudits().finish(ended);
        return ended;
    }

    /** Now, to the microsecond both databases keep: what is returned equals what is stored. */
    private java.time.Instant now() {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    /** {@code audit.differences}, for alerts; a failure to store it is logged, the audit stands. */
    private void emit(SyncAudit audit) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("auditId", audit.id());
        data.put("sync", audit.sync());
        data.put("tenant", audit.tenant());
        data.put("sourceRecords", audit.sourceRecords());
        data.put("destinationRecords", audit.destinationRecords());
        data.put("missing", audit.missing());
        data.put("extra", audit.extra());
        data.put("mismatched", audit.mismatched());
        try {
            events.emit(EventType.AUDIT_DIFFERENCES, audit.tenant(), data);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(Audits.class).warn("Audit {} of sync {} found differences, but its event could not be stored: {}", audit.id(),
                    audit.sync(), e.getMessage());
        }
    }
}

package dev.junction.spec;

import java.time.Duration;
import java.util.List;

/** Moves records from a source stream through a mapping into a destination action. */
public record SyncSpec(
        String name,
        String description,
        Source source,
        Destination destination,
        List<FieldMapping> mapping,
        Batch batch,
        OnRowError onRowError,
        SourceLocation location,
        RunLimits limits,
        TenantRuns tenants,
        ScheduleSpec schedule,
        Triggers triggers,
        Audit audit,
        Hooks hooks)
        implements Spec {
    public SyncSpec {
        hooks = hooks == null ? Hooks.NONE : hooks;
        limits = limits == null ? RunLimits.NONE : limits;
        tenants = tenants == null ? TenantRuns.DEFAULT : tenants;
        triggers = triggers == null ? Triggers.NONE : triggers;
    }

    /** A sync without {@code hooks:}. */
    public SyncSpec(String name, String description, Source source, Destination destination, List<FieldMapping> mapping, Batch batch,
            OnRowError onRowError, SourceLocation location, RunLimits limits, TenantRuns tenants, ScheduleSpec schedule, Triggers triggers,
            Audit audit) {
        this(name, description, source, destination, mapping, batch, onRowError, location, limits, tenants, schedule, triggers, audit, null);
    }

    /**
     * {@code hooks: { before: { flow, input, timeout }, after: { flow, input } }}: flows run around
     * the sync's runs. {@code before} runs to its end before the run reads anything; when it does not
     * succeed (or does not end within {@code timeout}) the run does not start and fails with its
     * reason. {@code after} starts once the run ended, whatever its outcome, and does not change it.
     * Either may be null. See docs/syncs.md, "Hooks".
     */
    public record Hooks(Hook before, Hook after) {
        public static final Hooks NONE = new Hooks(null, null);
    }

    /**
     * One hook: the flow to run, its input (a template: JSON whose {@code "= ..."} strings are JSONata
     * over {@code {sync, tenant, trigger, run}}; null: the run itself as the input) and how long a
     * before-hook may take.
     */
    public record Hook(String flow, FlowSpec.Template input, java.time.Duration timeout, SourceLocation location) {
        /** How long a before-hook may take unless it says. */
        public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofMinutes(5);
    }

    /** A sync without an {@code audit:} section. */
    public SyncSpec(String name, String description, Source source, Destination destination, List<FieldMapping> mapping, Batch batch,
            OnRowError onRowError, SourceLocation location, RunLimits limits, TenantRuns tenants, ScheduleSpec schedule, Triggers triggers) {
        this(name, description, source, destination, mapping, batch, onRowError, location, limits, tenants, schedule, triggers, null);
    }

    /** A sync without a schedule or event triggers: it runs when asked. */
    public SyncSpec(String name, String description, Source source, Destination destination, List<FieldMapping> mapping, Batch batch,
            OnRowError onRowError, SourceLocation location, RunLimits limits, TenantRuns tenants) {
        this(name, description, source, destination, mapping, batch, onRowError, location, limits, tenants, null, Triggers.NONE);
    }

    /** A sync whose tenants (if it is per tenant) run with the default concurrency. */
    public SyncSpec(String name, String description, Source source, Destination destination, List<FieldMapping> mapping, Batch batch,
            OnRowError onRowError, SourceLocation location, RunLimits limits) {
        this(name, description, source, destination, mapping, batch, onRowError, location, limits, TenantRuns.DEFAULT);
    }

    /** A sync without run limits. */
    public SyncSpec(String name, String description, Source source, Destination destination, List<FieldMapping> mapping, Batch batch,
            OnRowError onRowError, SourceLocation location) {
        this(name, description, source, destination, mapping, batch, onRowError, location, RunLimits.NONE);
    }

    @Override
    public String kind() {
        return "Sync";
    }

    /** Whether a side names a connector rather than a connection: the sync runs once per tenant. */
    public boolean perTenant() {
        return source != null && source.connector() != null || destination != null && destination.connector() != null;
    }

    /**
     * A connector stream ({@code connection} and {@code stream}), a SQL query ({@code sql}) or a file
     * ({@code file}); the components of the other kinds are null. A per-tenant sync names a
     * {@code connector} instead of a connection: each tenant's run reads through that tenant's
     * connection of it (see {@link dev.junction.runtime.Tenants}).
     */
    public record Source(String connection, String stream, ReadMode mode, Sql sql, File file, String connector) {
        public Source(String connection, String stream, ReadMode mode, Sql sql, File file) {
            this(connection, stream, mode, sql, file, null);
        }

        /** A connector stream. */
        public Source(String connection, String stream, ReadMode mode) {
            this(connection, stream, mode, null, null);
        }

        /** The same source reading through {@code resolved}, one tenant's connection of its connector. */
        public Source withConnection(String resolved) {
            return new Source(resolved, stream, mode, sql, file, null);
        }
    }

    /**
     * A CSV file with a header row, or a JSON Lines file (one object per line). A relative
     * {@code path} is resolved against the working directory of the process that runs the sync.
     * Its text is in {@code encoding} (UTF-8 by default), decoded strictly.
     * The file is read through every run; an incremental read (a {@code cursorField}) returns only
     * the records whose cursor is at or above the checkpoint less {@code lookback} (zero: none), and
     * those without a comparable cursor value.
     */
    public record File(String path, FileFormat format, String primaryKey, char delimiter, String cursorField, Duration lookback,
            java.nio.charset.Charset encoding) {
        public File {
            lookback = lookback == null ? Duration.ZERO : lookback;
            encoding = encoding == null ? java.nio.charset.StandardCharsets.UTF_8 : encoding;
        }

        /** In UTF-8. */
        public File(String path, FileFormat format, String primaryKey, char delimiter, String cursorField, Duration lookback) {
            this(path, format, primaryKey, delimiter, cursorField, lookback, null);
        }

        /** A file read in full, without a cursor, in UTF-8. */
        public File(String path, FileFormat format, String primaryKey, char delimiter) {
            this(path, format, primaryKey, delimiter, null, Duration.ZERO);
        }
    }

    public enum FileFormat {
        CSV,
        JSONL
    }

    /**
     * A query over JDBC, reading the {@code database} given inline ({@code url}, {@code user},
     * {@code password}: a reference), or the database connection named {@code connection}
     * (database null until the planner binds it, see {@link #withDatabase}). Incremental reads keep
     * the rows whose {@code cursorColumn} is at or above the checkpoint less {@code lookback} (zero:
     * none), bound as a parameter. {@code count}: whether a read also counts its rows
     * ({@code select count(*)} of the same statement, beside the read) for the progress ETA. In a
     * per-tenant sync, {@code :tenant} in the query is bound to the tenant of the run.
     */
    public record Sql(DatabaseSpec database, String connection, String query, String cursorColumn, String primaryKey, int fetchSize, boolean count,
            Duration lookback) {
        public static final int DEFAULT_FETCH_SIZE = 1000;

        public Sql {
            lookback = lookback == null ? Duration.ZERO : lookback;
        }

        /** An inline database without lookback. */
        public Sql(ValueRef url, ValueRef user, ValueRef password, String query, String cursorColumn, String primaryKey, int fetchSize,
                boolean count) {
            this(new DatabaseSpec(url, user, password), null, query, cursorColumn, primaryKey, fetchSize, count, Duration.ZERO);
        }

        /** An inline database whose reads count their rows. */
        public Sql(ValueRef url, ValueRef user, ValueRef password, String query, String cursorColumn, String primaryKey, int fetchSize) {
            this(url, user, password, query, cursorColumn, primaryKey, fetchSize, true);
        }

        /** The same query reading {@code resolved}, the database of its named connection. */
        public Sql withDatabase(DatabaseSpec resolved) {
            return new Sql(resolved, connection, query, cursorColumn, primaryKey, fetchSize, count, lookback);
        }

        public ValueRef url() {
            return database == null ? null : database.url();
        }

        public ValueRef user() {
            return database == null ? null : database.user();
        }

        public ValueRef password() {
            return database == null ? null : database.password();
        }

        /** {@code :tenant} as a named parameter of the query (not part of {@code ::tenant} or {@code :tenants}). */
        public static final java.util.regex.Pattern TENANT_PARAMETER = java.util.regex.Pattern.compile("(?<![:\\w]):tenant(?!\\w)");
    }

    /**
     * {@code key} is the mapped field that identifies a record at the destination; {@code mirror}
     * says how records gone from the source are removed, set exactly when {@code mode} is MIRROR.
     */
    public record Destination(String connection, String action, String key, WriteMode mode, Mirror mirror, String connector) {
        public Destination(String connection, String action, String key, WriteMode mode, Mirror mirror) {
            this(connection, action, key, mode, mirror, null);
        }

        /** A destination that deletes nothing. */
        public Destination(String connection, String action, String key, WriteMode mode) {
            this(connection, action, key, mode, null);
        }

        /** The same destination writing through {@code resolved}, one tenant's connection of its connector. */
        public Destination withConnection(String resolved) {
            return new Destination(resolved, action, key, mode, mirror, null);
        }
    }

    /** The same sync with its sides bound to one tenant's connections (see {@link dev.junction.runtime.Tenants}). */
    public SyncSpec withSides(Source newSource, Destination newDestination) {
        return new SyncSpec(name, description, newSource, newDestination, mapping, batch, onRowError, location, limits, tenants, schedule, triggers,
                audit, hooks);
    }

    /**
     * {@code audit: { stream: users, key: external_id, ignore: [...], normalize: { email: [lowercase, trim] } }}:
     * how a reconciliation audit compares this sync's mapped source records with the records of the
     * destination connection's {@code stream}, matched by the source's mapped destination key and the
     * destination record's {@code key} field (by default the destination's key). Every mapping target
     * is compared except the key and those in {@code ignore}; a field in {@code normalize} is compared
     * after its normalizers, in order, on both sides. Null on a sync without {@code audit:}.
     */
    public record Audit(String stream, String key, List<String> ignore, java.util.Map<String, List<dev.junction.audit.Normalizer>> normalize,
            java.time.Duration every) {
        public Audit {
            ignore = ignore == null ? List.of() : List.copyOf(ignore);
            normalize = normalize == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(normalize));
        }

        /** Run on request only. */
        public Audit(String stream, String key, List<String> ignore, java.util.Map<String, List<dev.junction.audit.Normalizer>> normalize) {
            this(stream, key, ignore, normalize, null);
        }
    }

    /**
     * What else than a schedule or a request starts work for this sync ({@code on:}): events from a
     * connection's webhooks, whose type matches one of {@code events}, and polling. Either may be
     * null; {@link #NONE} has neither. Parsed and validated here; what delivers the events is the
     * inbox's business.
     */
    public record Triggers(Webhook webhook, Poll poll) {
        public static final Triggers NONE = new Triggers(null, null);

        public boolean isEmpty() {
            return webhook == null && poll == null;
        }
    }

    /**
     * {@code on: { webhook: { connection: crm, events: [contact.*], fetch: false } }}: the events the
     * connection's webhooks deliver whose type matches one of the glob patterns ({@code *} any run of
     * characters, {@code ?} one); {@code events} {@code [*]} when not given. {@code connection} null:
     * the sync's source connection (a per-tenant sync: each tenant's connection of its source's
     * connector). {@code fetch}: the event's record is fetched by its key through the source stream's
     * {@code get:} (its current state, whatever order events came in) instead of read from the payload.
     * {@code run}: the events carry no record (Google's push notifications, Dropbox's: only that something
     * changed), so they start a run of the sync instead, its source read as on a schedule (incrementally
     * when the sync is); the events of one claim start one run. Never both.
     */
    public record Webhook(String connection, List<String> events, boolean fetch, boolean run) {
        public Webhook {
            events = events == null || events.isEmpty() ? List.of("*") : List.copyOf(events);
            if (fetch && run) {
                throw new IllegalArgumentException("on.webhook: fetch and run exclude each other");
            }
        }

        /** Records from the payload ({@code fetch} false) or fetched. */
        public Webhook(String connection, List<String> events, boolean fetch) {
            this(connection, events, fetch, false);
        }

        /** Records read from the payload. */
        public Webhook(String connection, List<String> events) {
            this(connection, events, false);
        }

        /** Whether an event of type {@code type} matches one of the patterns. */
        public boolean matches(String type) {
            if (type == null) {
                return false;
            }
            for (String pattern : events) {
                if (glob(pattern, type)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether {@code text} matches the glob {@code pattern} as a whole ({@code *} any run, {@code ?}
         * one character), without building a regular expression: this runs for every webhook
         * delivery and every subscriber, and compiling a pattern each time was a tenth of the cost of
         * receiving one.
         */
        static boolean glob(String pattern, String text) {
            int p = 0;
            int t = 0;
            int star = -1;
            int resume = 0;
            while (t < text.length()) {
                if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t))) {
                    p++;
                    t++;
                } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                    star = p++;
                    resume = t;
                } else if (star >= 0) {
                    p = star + 1;
                    t = ++resume;
                } else {
                    return false;
                }
            }
            while (p < pattern.length() && pattern.charAt(p) == '*') {
                p++;
            }
            return p == pattern.length();
        }
    }

    /** {@code on: { poll: { every: 1m } }}: the source read for changes every so long. */
    public record Poll(Duration every) {}

    /**
     * Mode mirror: after a full read that finished, the keys this sync wrote before but did not read
     * this time are deleted through {@code deleteAction} (HARD: records {@code {key: K}}), or
     * soft-deleted (SOFT: records {@code {key: K, softField: softValue}} sent through
     * {@code deleteAction}, by default the destination's action). A run that would delete more than
     * {@code maxDeletePercent} of the keys it knew deletes nothing unless forced.
     */
    public record Mirror(DeleteKind delete, String deleteAction, String softField, Object softValue, int maxDeletePercent) {
        public static final int DEFAULT_MAX_DELETE_PERCENT = 20;
    }

    public enum DeleteKind {
        HARD,
        SOFT
    }

    /**
     * {@code size} records per action call (capped by the action's limit); calls in flight at once;
     * {@code maxBytes} the most bytes of mapped records (their JSON array, compact UTF-8) per call, 0
     * for no limit. A batch closes at whichever limit comes first.
     */
    public record Batch(int size, int concurrency, long maxBytes) {
        public static final Batch DEFAULT = new Batch(50, 2);

        public Batch(int size, int concurrency) {
            this(size, concurrency, 0);
        }
    }

    /**
     * How a per-tenant sync runs its tenants when run for all of them: at most {@code concurrency}
     * tenants' runs at once ({@code tenants: { concurrency: 4 }}; {@code junction run
     * --tenant-concurrency N} overrides it).
     */
    public record TenantRuns(int concurrency) {
        /** Four at once: see docs/syncs.md, "Running", for why. */
        public static final TenantRuns DEFAULT = new TenantRuns(4);

        public TenantRuns {
            if (concurrency < 1) {
                throw new IllegalArgumentException("tenant concurrency must be positive, got " + concurrency);
            }
        }
    }

    /**
     * When a run gives up: after {@code timeout} (null: never), or when failed records exceed
     * {@code abortAfter} (null: never).
     */
    public record RunLimits(Duration timeout, AbortAfter abortAfter) {
        public static final RunLimits NONE = new RunLimits(null, null);
    }

    /**
     * Stop a run when more than {@code failures} records have failed (null: no count limit), or when
     * more than {@code percent} per cent of the records read so far have failed (null: no share
     * limit) once at least {@code minRecords} have been read.
     */
    public record AbortAfter(Integer failures, Integer percent, int minRecords) {
        public static final int DEFAULT_MIN_RECORDS = 100;
    }

    public enum ReadMode {
        FULL,
        INCREMENTAL
    }

    public enum WriteMode {
        UPSERT,
        INSERT,
        UPDATE,
        /** Upsert, then delete what a full read no longer returns (see {@link Mirror}). */
        MIRROR
    }

    public enum OnRowError {
        /** Store the record as a dead letter and go on. */
        DEAD_LETTER,
        /** Stop the run at the first failed record. */
        FAIL
    }
}

package dev.junction.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.junction.store.AuditLogRepository;
import dev.junction.store.CheckpointRepository;
import dev.junction.store.ConnectionRepository;
import dev.junction.store.CredentialRepository;
import dev.junction.store.DeadLetterRepository;
import dev.junction.store.EventRepository;
import dev.junction.store.EndpointSignalRepository;
import dev.junction.store.DefinitionRepository;
import dev.junction.store.ExchangeRepository;
import dev.junction.store.FingerprintRepository;
import dev.junction.store.InboxRepository;
import dev.junction.store.LeaseRepository;
import dev.junction.store.RunRepository;
import dev.junction.store.SchemaRepository;
import dev.junction.store.Store;
import dev.junction.store.StoreException;
import dev.junction.store.SyncStateRepository;
import dev.junction.store.PollRepository;
import dev.junction.store.ScheduleRepository;
import dev.junction.store.TokenRepository;
import dev.junction.store.WriteIntentRepository;
import dev.junction.store.jdbc.internal.Dialect;
import dev.junction.store.jdbc.internal.JdbcAuditLogRepository;
import dev.junction.store.jdbc.internal.EmbeddedH2;
import dev.junction.store.jdbc.internal.HeadersJson;
import dev.junction.store.jdbc.internal.Jdbc;
import dev.junction.store.jdbc.internal.JdbcCheckpointRepository;
import dev.junction.store.jdbc.internal.JdbcConnectionRepository;
import dev.junction.store.jdbc.internal.JdbcCredentialRepository;
import dev.junction.store.jdbc.internal.JdbcDeadLetterRepository;
import dev.junction.store.jdbc.internal.JdbcEndpointSignalRepository;
import dev.junction.store.jdbc.internal.JdbcEventRepository;
import dev.junction.store.jdbc.internal.JdbcDefinitionRepository;
import dev.junction.store.jdbc.internal.JdbcExchangeRepository;
import dev.junction.store.jdbc.internal.JdbcFingerprintRepository;
import dev.junction.store.jdbc.internal.JdbcInboxRepository;
import dev.junction.store.jdbc.internal.JdbcLeaseRepository;
import dev.junction.store.jdbc.internal.JdbcRunRepository;
import dev.junction.store.jdbc.internal.JdbcSchemaRepository;
import dev.junction.store.jdbc.internal.JdbcSyncStateRepository;
import dev.junction.store.jdbc.internal.JdbcPollRepository;
import dev.junction.store.jdbc.internal.JdbcScheduleRepository;
import dev.junction.store.jdbc.internal.JdbcTokenRepository;
import dev.junction.store.jdbc.internal.JdbcWriteIntentRepository;
import dev.junction.store.jdbc.internal.Migrations;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Store} on JDBC: H2 (embedded, the default) or PostgreSQL. Opening a store creates a
 * small connection pool and brings the schema up to date; {@link #close()} releases both. Safe to
 * use from many threads.
 *
 * <pre>{@code
 * try (JdbcStore store = JdbcStore.h2(Path.of(".junction"))) { ... }
 * try (JdbcStore store = JdbcStore.open("jdbc:postgresql://db/junction", "junction", secret)) { ... }
 * }</pre>
 */
public final class JdbcStore implements Store {
    /** H2 settings that make it behave like PostgreSQL for the store's SQL. */
    static final String H2_SETTINGS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    private static final int MAX_POOL_SIZE = 8;
    /** How often opening the embedded store is tried while the process serving it goes away (every 250 ms). */
    private static final int SERVER_GONE_ATTEMPTS = 20;
    /** How long the embedded store's hot-path commits may stay unwritten (see {@link #h2}). */
    static final int WRITE_DELAY_MILLIS = 100;
    /** H2 error code 90121: the database was closed while the connection was in use. */
    private static final int DATABASE_CLOSED = 90121;

    private final String jdbcUrl;
    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final boolean shutdownOnClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final DefinitionRepository definitions;
    private final ConnectionRepository connections;
    private final JdbcRunRepository runs;
    private final FingerprintRepository fingerprints;
    private final CheckpointRepository checkpoints;
    private final ExchangeRepository exchanges;
    private final DeadLetterRepository deadLetters;
    private final LeaseRepository leases;
    private final EndpointSignalRepository endpointSignals;
    private final WriteIntentRepository writeIntents;
    private final SchemaRepository schemas;
    private final SyncStateRepository syncStates;
    private final TokenRepository tokens;
    private final ScheduleRepository schedules;
    private final PollRepository polls;
    private final AuditLogRepository auditLog;
    private final dev.junction.store.RetentionRepository retention;
    private final InboxRepository inbox;
    private final dev.junction.store.BackfillRepository backfills;
    private final dev.junction.store.FlowExecutionRepository flowExecutions;
    private final dev.junction.store.SyncAuditRepository syncAudits;
    private final dev.junction.store.ConnectionCheckRepository connectionChecks;
    private final java.util.function.Function<dev.junction.secret.EnvelopeCipher, JdbcCredentialRepository> credentials;
    private final java.util.function.Function<dev.junction.secret.EnvelopeCipher, dev.junction.store.jdbc.internal.JdbcStoredValueRepository> storedValues;
    /** The data keys of each master key in use, shared by every repository that encrypts with them (see {@code DataKeys}). */
    private final java.util.Map<dev.junction.secret.EnvelopeCipher, dev.junction.store.jdbc.internal.DataKeys> dataKeys = new java.util.IdentityHashMap<>();
    private final dev.junction.store.jdbc.internal.JdbcTenants tenants;
    private final Jdbc jdbc;
    private final Clock clock;
    private final dev.junction.store.ConnectSessionRepository connectSessions;
    private final java.util.function.Function<java.util.function.Supplier<dev.junction.secret.EnvelopeCipher>, EventRepository> events;
    private final dev.junction.store.AlertRepository alerts;

    private JdbcStore(String jdbcUrl, Dialect dialect, HikariDataSource dataSource, boolean flushCommits, Clock clock, ObjectMapper json) {
        this.jdbcUrl = jdbcUrl;
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.shutdownOnClose = jdbcUrl.startsWith("jdbc:h2:mem:");
        Jdbc jdbc = new Jdbc(dataSource, flushCommits);
        this.jdbc = jdbc;
        this.clock = clock;
        this.definitions = new JdbcDefinitionRepository(jdbc, dialect);
        this.connections = new JdbcConnectionRepository(jdbc, dialect);
        this.runs = new JdbcRunRepository(jdbc, dialect);
        this.fingerprints = new JdbcFingerprintRepository(jdbc, dialect, clock);
        this.checkpoints = new JdbcCheckpointRepository(jdbc, dialect);
        this.exchanges = new JdbcExchangeRepository(jdbc, dialect, new HeadersJson(json));
        this.deadLetters = new JdbcDeadLetterRepository(jdbc, dialect);
        this.leases = new JdbcLeaseRepository(jdbc);
        this.endpointSignals = new JdbcEndpointSignalRepository(jdbc, dialect);
        this.writeIntents = new JdbcWriteIntentRepository(jdbc, dialect, clock, json);
        this.schemas = new JdbcSchemaRepository(jdbc, dialect);
        this.syncStates = new JdbcSyncStateRepository(jdbc, dialect);
        this.tokens = new JdbcTokenRepository(jdbc);
        this.schedules = new JdbcScheduleRepository(jdbc, dialect);
        this.polls = new JdbcPollRepository(jdbc, dialect);
        this.auditLog = new JdbcAuditLogRepository(jdbc, dialect);
        this.retention = new dev.junction.store.jdbc.internal.JdbcRetentionRepository(jdbc);
        this.inbox = new JdbcInboxRepository(jdbc, dialect);
        this.backfills = new dev.junction.store.jdbc.internal.JdbcBackfillRepository(jdbc);
        this.flowExecutions = new dev.junction.store.jdbc.internal.JdbcFlowExecutionRepository(jdbc, null);
        this.syncAudits = new dev.junction.store.jdbc.internal.JdbcSyncAuditRepository(jdbc);
        this.connectionChecks = new dev.junction.store.jdbc.internal.JdbcConnectionCheckRepository(jdbc, dialect);
        this.credentials = cipher -> new JdbcCredentialRepository(jdbc, dialect, dataKeys(cipher), clock, json);
        this.storedValues = cipher -> new dev.junction.store.jdbc.internal.JdbcStoredValueRepository(jdbc, dialect, dataKeys(cipher), json);
        this.events = cipher -> new JdbcEventRepository(jdbc, clock, () -> dataKeys(cipher.get()));
        this.alerts = new dev.junction.store.jdbc.internal.JdbcAlertRepository(jdbc);
        this.tenants = new dev.junction.store.jdbc.internal.JdbcTenants(jdbc, clock);
        this.connectSessions = new dev.junction.store.jdbc.internal.JdbcConnectSessionRepository(jdbc);
    }

    private dev.junction.store.jdbc.internal.DataKeys dataKeys(dev.junction.secret.EnvelopeCipher cipher) {
        synchronized (dataKeys) {
            return dataKeys.computeIfAbsent(cipher, c -> new dev.junction.store.jdbc.internal.DataKeys(jdbc, c, clock));
        }
    }

    /**
     * The embedded store: an H2 file database {@code dataDir/junction} in PostgreSQL compatibility
     * mode. The directory is created if missing, readable by its owner only (0700 where the file
     * system has POSIX permissions). Several processes may open one data directory at once: the
     * first serves the database to the others over loopback TCP, and when it exits another takes
     * over (H2's auto-server mode, see {@link EmbeddedH2}).
     *
     * @throws StoreException with a plain reason (never H2's JDBC URL) when it cannot be opened
     */
    public static JdbcStore h2(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        if (dir.toString().contains(";")) {
            throw new StoreException("the data directory " + dir + " must not contain ';' (it becomes part of a JDBC URL)", null);
        }
        EmbeddedH2.createDirectory(dir);
        // WRITE_DELAY: H2 writes commits to the file within that many milliseconds, in order, from a
        // background thread (and at once when its unsaved changes grow large). The run's hot-path writes
        // (fingerprints, checkpoints, counters, exchanges) rely on that; every other write, and above all
        // a write intent before its call, is flushed to the file before it returns (Jdbc, CHECKPOINT).
        // docs/syncs.md "Crashes and idempotency keys" gives the argument. H2 does not fsync: the file
        // cache outlives the process (kill -9) but not a power loss; PostgreSQL is the store for that.
        // Only the process serving the database writes the file; a process connected to it writes every
        // commit through (EmbeddedH2). H2 closes the database from its JVM shutdown hook (auto-server mode
        // requires it): a process that must write while it shuts down stops on the signal instead.
        String url = EmbeddedH2.url(dir, H2_SETTINGS, WRITE_DELAY_MILLIS);
        for (int attempt = 1; ; attempt++) {
            try {
                return open(url, "sa", "", true, "the data directory " + dir);
            } catch (StoreException e) {
                // the process named in the lock file was closing its database as we connected (it serves it only while
                // it has it open); a moment later it is gone and this process serves the directory itself
                if (attempt < SERVER_GONE_ATTEMPTS && EmbeddedH2.serverGone(e)) {
                    pause();
                    continue;
                }
                throw openFailure(e, dir);
            }
        }
    }

    /**
     * Rebuilds the embedded store in {@code dataDir} from its tables' rows, for a file a killed
     * process left with an index naming a row its table lost (see {@code EmbeddedRebuild}). No process
     * may have it open.
     *
     * @throws StoreException when there is no store there, it is in use, or the rebuilt copy differs
     */
    public static dev.junction.store.jdbc.internal.EmbeddedRebuild.Result rebuildEmbedded(Path dataDir, Clock clock) {
        return dev.junction.store.jdbc.internal.EmbeddedRebuild.rebuild(dataDir, H2_SETTINGS, clock);
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static StoreException openFailure(StoreException e, Path dir) {
        String message = e.getMessage().startsWith("could not migrate") ? EmbeddedH2.stripUrls(e.getMessage())
                : "could not open the store in data directory " + dir + ": " + EmbeddedH2.openFailure(e.getCause() == null ? e : e.getCause(), dir);
        return new StoreException(message, e.getCause());
    }

    /**
     * A private in-memory H2 store for tests. Stores opened with the same name in one JVM share
     * the database; {@link #close()} drops it.
     */
    public static JdbcStore h2InMemory(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_.-]+")) {
            throw new StoreException("an in-memory store name must be letters, digits, '_', '.' or '-', was '" + name + "'", null);
        }
        return open("jdbc:h2:mem:" + name + H2_SETTINGS + ";DB_CLOSE_DELAY=-1", "sa", "");
    }

    /**
     * A store at any supported JDBC URL: {@code jdbc:h2:...} or {@code jdbc:postgresql://...}.
     *
     * @throws StoreException if the URL is of another database, the database cannot be reached, or
     *     the schema cannot be migrated
     */
    public static JdbcStore open(String jdbcUrl, String user, String password) {
        return open(jdbcUrl, user, password, false, redact(jdbcUrl));
    }

    /**
     * {@code flushCommits}: the URL is the embedded store's, with a write delay, and its admin user:
     * the store flushes the writes that must be in the file ({@code CHECKPOINT}, see {@link #h2}).
     * Any other H2 URL keeps the write delay its user gave it, unflushed.
     */
    private static JdbcStore open(String jdbcUrl, String user, String password, boolean flushCommits, String where) {
        Dialect dialect = Dialect.forUrl(jdbcUrl);
        HikariDataSource dataSource = createPool(jdbcUrl, user, password, dialect, where);
        try {
            new Migrations(dialect).migrate(dataSource, where);
            return new JdbcStore(jdbcUrl, dialect, dataSource, flushCommits, Clock.systemUTC(), new ObjectMapper());
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    private static HikariDataSource createPool(String jdbcUrl, String user, String password, Dialect dialect, String where) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("junction-store");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setDriverClassName(dialect.driverClassName());
        config.setMaximumPoolSize(MAX_POOL_SIZE);
        config.setMinimumIdle(1);
        // a store that is down answers within seconds (the server's 503), not after Hikari's default 30 s
        config.setConnectionTimeout(5_000);
        dialect.configurePool(config);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new StoreException("could not connect to the " + dialect.name() + " store at " + where + ": " + cause.getMessage(), e);
        }
    }

    /**
     * How many of this build's schema migrations the database lacks: 0 when the schema is up to date.
     * The store migrates when it opens, so a positive answer means the database was changed since
     * (restored from an older backup); the server is then not ready.
     */
    public int pendingMigrations() {
        return new Migrations(dialect).pending(dataSource);
    }

    /** Hides a {@code password=} parameter so the URL can go into messages. */
    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    /** The JDBC URL this store was opened with (no password unless the URL itself holds one). */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /**
     * The store's connection pool, for a library that keeps its own tables in the store's database
     * (the engine's run queue: db-scheduler's {@code scheduled_tasks}, created by the store's
     * migrations). Borrow connections only for a statement or a transaction; do not close the pool:
     * close the store.
     */
    public javax.sql.DataSource dataSource() {
        return dataSource;
    }

    /** {@code "H2"} or {@code "PostgreSQL"}. */
    public String databaseName() {
        return dialect.name();
    }

    @Override
    public DefinitionRepository definitions() {
        return definitions;
    }

    @Override
    public ConnectionRepository connections() {
        return connections;
    }

    @Override
    public dev.junction.store.ConnectionCheckRepository connectionChecks() {
        return connectionChecks;
    }

    @Override
    public RunRepository runs() {
        return runs;
    }

    @Override
    public FingerprintRepository fingerprints() {
        return fingerprints;
    }

    @Override
    public CheckpointRepository checkpoints() {
        return checkpoints;
    }

    @Override
    public ExchangeRepository exchanges() {
        return exchanges;
    }

    @Override
    public DeadLetterRepository deadLetters() {
        return deadLetters;
    }

    @Override
    public LeaseRepository leases() {
        return leases;
    }

    @Override
    public EndpointSignalRepository endpointSignals() {
        return endpointSignals;
    }

    @Override
    public WriteIntentRepository writeIntents() {
        return writeIntents;
    }

    @Override
    public SchemaRepository schemas() {
        return schemas;
    }

    @Override
    public SyncStateRepository syncStates() {
        return syncStates;
    }

    @Override
    public TokenRepository tokens() {
        return tokens;
    }

    @Override
    public ScheduleRepository schedules() {
        return schedules;
    }

    @Override
    public dev.junction.store.SyncAuditRepository syncAudits() {
        return syncAudits;
    }

    @Override
    public dev.junction.store.FlowExecutionRepository flowExecutions() {
        return flowExecutions;
    }

    /**
     * Flow executions whose steps keep their full output too, encrypted under the tenant's data key
     * ({@code cipher} asked for when one is sealed or opened); what a resumed execution reads.
     */
    @Override
    public dev.junction.store.FlowExecutionRepository flowExecutions(java.util.function.Supplier<dev.junction.secret.EnvelopeCipher> cipher) {
        return new dev.junction.store.jdbc.internal.JdbcFlowExecutionRepository(jdbc, () -> dataKeys(cipher.get()));
    }

    @Override
    public dev.junction.store.AlertRepository alerts() {
        return alerts;
    }

    @Override
    public dev.junction.store.BackfillRepository backfills() {
        return backfills;
    }

    @Override
    public PollRepository polls() {
        return polls;
    }

    @Override
    public AuditLogRepository auditLog() {
        return auditLog;
    }

    @Override
    public dev.junction.store.RetentionRepository retention() {
        return retention;
    }

    /** The durable inbox; on the embedded store an append is in the file when it returns (see {@link #h2}). */
    @Override
    public InboxRepository inbox() {
        return inbox;
    }

    /**
     * Connection credentials (OAuth tokens), AES-256-GCM encrypted under per-tenant data keys that
     * {@code cipher}'s master key wraps. Create one per process and share it: it caches data keys.
     */
    @Override
    public CredentialRepository credentials(dev.junction.secret.EnvelopeCipher cipher) {
        return credentials.apply(java.util.Objects.requireNonNull(cipher, "cipher"));
    }

    /**
     * The secret values of connections made through the API, AES-256-GCM encrypted under the tenant's
     * data key (shared with the credentials and event secrets of the same {@code cipher}).
     */
    @Override
    public dev.junction.store.StoredValueRepository storedValues(dev.junction.secret.EnvelopeCipher cipher) {
        return storedValues.apply(java.util.Objects.requireNonNull(cipher, "cipher"));
    }

    @Override
    public dev.junction.store.ConnectSessionRepository connectSessions() {
        return connectSessions;
    }

    /**
     * Gives a tenant a new data key and encrypts every value of its old one again under it (credentials,
     * stored values, event subscription secrets), in one transaction.
     *
     * @return how many values were encrypted again; empty when the tenant has no data key yet
     */
    public java.util.Optional<Integer> rotateDataKey(dev.junction.secret.EnvelopeCipher cipher, String tenant) {
        return tenants.rotateDataKey(dataKeys(cipher), tenant);
    }

    /** When the tenant's data key was made or last rotated; empty when it has none. */
    public java.util.Optional<java.time.Instant> dataKeyUpdatedAt(String tenant) {
        return tenants.keyUpdatedAt(tenant);
    }

    /**
     * Erases a tenant in one transaction: destroys its data key (crypto-shred) and deletes the named
     * connections and everything of the tenant (see {@code JdbcTenants#erase}). The data keys this
     * process holds in memory forget it.
     *
     * @return rows deleted per table
     */
    public java.util.Map<String, Integer> eraseTenant(String tenant, java.util.List<String> connections) {
        java.util.Map<String, Integer> deleted = tenants.erase(tenant, connections);
        synchronized (dataKeys) {
            dataKeys.values().forEach(keys -> keys.forget(tenant));
        }
        return deleted;
    }

    /**
     * Outbound event subscriptions (their secrets AES-256-GCM encrypted under the tenant's data key,
     * as credentials are) and the outbox of deliveries. {@code cipher} is asked for on the first secret
     * written or read. Create one per process and share it: it caches data keys.
     */
    @Override
    public EventRepository events(java.util.function.Supplier<dev.junction.secret.EnvelopeCipher> cipher) {
        return events.apply(java.util.Objects.requireNonNull(cipher, "cipher"));
    }

    /**
     * Tells {@code listener} of every run whose end this store records (succeeded, partial, failed,
     * cancelled, abandoned), after the commit, on the recording thread: the one place every run's end
     * passes, whoever records it (the run itself, the queue's reaper, a cancel). One listener.
     */
    public void onRunEnded(java.util.function.Consumer<dev.junction.store.RunRecord> listener) {
        runs.onEnded(listener);
    }

    /**
     * Rotates the master key: re-wraps every tenant's data key from {@code current} to {@code next}
     * in one transaction. Credentials stay as they are; afterwards only {@code next} opens them.
     *
     * @return how many data keys were re-wrapped
     * @throws dev.junction.secret.SecretException when {@code current} is not the key in use
     */
    public int rotateMasterKey(dev.junction.secret.EnvelopeCipher current, dev.junction.secret.EnvelopeCipher next) {
        int rewrapped = credentials.apply(current).rewrap(next);
        synchronized (dataKeys) {
            dataKeys.remove(current); // what it holds in memory is no longer in the store under its master key
        }
        return rewrapped;
    }

    /** Closes the pool (an in-memory H2 database is dropped). Calling it again does nothing. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        dataSource.close();
        if (shutdownOnClose) {
            // DB_CLOSE_DELAY=-1 kept the database alive without connections; now drop it.
            try (Connection connection = DriverManager.getConnection(jdbcUrl, dataSource.getUsername(), dataSource.getPassword());
                    Statement statement = connection.createStatement()) {
                statement.execute("shutdown");
            } catch (SQLException e) {
                if (e.getErrorCode() != DATABASE_CLOSED) {
                    throw new StoreException("could not drop the in-memory store " + redact(jdbcUrl) + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "JdbcStore[" + dialect.name() + " " + redact(jdbcUrl) + "]";
    }
}

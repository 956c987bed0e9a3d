package dev.junction.store.jdbc;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import dev.junction.store.jdbc.internal.EmbeddedH2;
import dev.junction.store.jdbc.internal.EmbeddedStoreOpener;
import dev.junction.store.jdbc.internal.EncryptedRepositories;
import dev.junction.store.jdbc.internal.Jdbc;
import dev.junction.store.jdbc.internal.JdbcRepositories;
import dev.junction.store.jdbc.internal.JdbcTenants;
import dev.junction.store.jdbc.internal.StorePool;
import java.nio.file.Path;
import java.time.Clock;

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

    private final StorePool pool;
    private final JdbcRepositories repositories;
    private final EncryptedRepositories encrypted;

    private JdbcStore(StorePool pool, boolean flushCommits, Clock clock, ObjectMapper json) {
        this.pool = pool;
        Jdbc jdbc = new Jdbc(pool.dataSource(), flushCommits);
        this.repositories = JdbcRepositories.create(jdbc, pool.dialect(), clock, json);
        this.encrypted = new EncryptedRepositories(jdbc, pool.dialect(), clock, json, new JdbcTenants(jdbc, clock));
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
        return new EmbeddedStoreOpener<JdbcStore>(H2_SETTINGS, (url, where) -> open(url, "sa", "", true, where)).open(dataDir);
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
     * the store flushes the writes that must be in the file ({@code CHECKPOINT}, see {@link EmbeddedStoreOpener#open}).
     * Any other H2 URL keeps the write delay its user gave it, unflushed.
     */
    private static JdbcStore open(String jdbcUrl, String user, String password, boolean flushCommits, String where) {
        return StorePool.open(jdbcUrl, user, password, where, pool -> new JdbcStore(pool, flushCommits, Clock.systemUTC(), new ObjectMapper()));
    }

    /**
     * How many of this build's schema migrations the database lacks: 0 when the schema is up to date.
     * The store migrates when it opens, so a positive answer means the database was changed since
     * (restored from an older backup); the server is then not ready.
     */
    public int pendingMigrations() {
        return pool.pendingMigrations();
    }

    /** Hides a {@code password=} parameter so the URL can go into messages. */
    static String redact(String jdbcUrl) {
        return StorePool.redact(jdbcUrl);
    }

    /** The JDBC URL this store was opened with (no password unless the URL itself holds one). */
    public String jdbcUrl() {
        return pool.jdbcUrl();
    }

    /**
     * The store's connection pool, for a library that keeps its own tables in the store's database
     * (the engine's run queue: db-scheduler's {@code scheduled_tasks}, created by the store's
     * migrations). Borrow connections only for a statement or a transaction; do not close the pool:
     * close the store.
     */
    public javax.sql.DataSource dataSource() {
        return pool.dataSource();
    }

    /** {@code "H2"} or {@code "PostgreSQL"}. */
    public String databaseName() {
        return pool.dialect().name();
    }

    @Override
    public DefinitionRepository definitions() {
        return repositories.definitions();
    }

    @Override
    public ConnectionRepository connections() {
        return repositories.connections();
    }

    @Override
    public dev.junction.store.ConnectionCheckRepository connectionChecks() {
        return repositories.connectionChecks();
    }

    @Override
    public RunRepository runs() {
        return repositories.runs();
    }

    @Override
    public FingerprintRepository fingerprints() {
        return repositories.fingerprints();
    }

    @Override
    public CheckpointRepository checkpoints() {
        return repositories.checkpoints();
    }

    @Override
    public ExchangeRepository exchanges() {
        return repositories.exchanges();
    }

    @Override
    public DeadLetterRepository deadLetters() {
        return repositories.deadLetters();
    }

    @Override
    public LeaseRepository leases() {
        return repositories.leases();
    }

    @Override
    public EndpointSignalRepository endpointSignals() {
        return repositories.endpointSignals();
    }

    @Override
    public WriteIntentRepository writeIntents() {
        return repositories.writeIntents();
    }

    @Override
    public SchemaRepository schemas() {
        return repositories.schemas();
    }

    @Override
    public SyncStateRepository syncStates() {
        return repositories.syncStates();
    }

    @Override
    public TokenRepository tokens() {
        return repositories.tokens();
    }

    @Override
    public ScheduleRepository schedules() {
        return repositories.schedules();
    }

    @Override
    public dev.junction.store.SyncAuditRepository syncAudits() {
        return repositories.syncAudits();
    }

    @Override
    public dev.junction.store.FlowExecutionRepository flowExecutions() {
        return repositories.flowExecutions();
    }

    /**
     * Flow executions whose steps keep their full output too, encrypted under the tenant's data key
     * ({@code cipher} asked for when one is sealed or opened); what a resumed execution reads.
     */
    @Override
    public dev.junction.store.FlowExecutionRepository flowExecutions(java.util.function.Supplier<dev.junction.secret.EnvelopeCipher> cipher) {
        return encrypted.flowExecutions(cipher);
    }

    @Override
    public dev.junction.store.AlertRepository alerts() {
        return repositories.alerts();
    }

    @Override
    public dev.junction.store.RateShareRepository rateShares() {
        return repositories.rateShares();
    }

    @Override
    public dev.junction.store.BackfillRepository backfills() {
        return repositories.backfills();
    }

    @Override
    public PollRepository polls() {
        return repositories.polls();
    }

    @Override
    public AuditLogRepository auditLog() {
        return repositories.auditLog();
    }

    @Override
    public dev.junction.store.RetentionRepository retention() {
        return repositories.retention();
    }

    /** The durable inbox; on the embedded store an append is in the file when it returns (see {@link EmbeddedStoreOpener#open}). */
    @Override
    public InboxRepository inbox() {
        return repositories.inbox();
    }

    /**
     * Connection credentials (OAuth tokens), AES-256-GCM encrypted under per-tenant data keys that
     * {@code cipher}'s master key wraps. Create one per process and share it: it caches data keys.
     */
    @Override
    public CredentialRepository credentials(dev.junction.secret.EnvelopeCipher cipher) {
        return encrypted.credentials(java.util.Objects.requireNonNull(cipher, "cipher"));
    }

    /**
     * The secret values of connections made through the API, AES-256-GCM encrypted under the tenant's
     * data key (shared with the credentials and event secrets of the same {@code cipher}).
     */
    @Override
    public dev.junction.store.StoredValueRepository storedValues(dev.junction.secret.EnvelopeCipher cipher) {
        return encrypted.storedValues(java.util.Objects.requireNonNull(cipher, "cipher"));
    }

    @Override
    public dev.junction.store.ConnectSessionRepository connectSessions() {
        return repositories.connectSessions();
    }

    /**
     * Gives a tenant a new data key and encrypts every value of its old one again under it (credentials,
     * stored values, event subscription secrets), in one transaction.
     *
     * @return how many values were encrypted again; empty when the tenant has no data key yet
     */
    public java.util.Optional<Integer> rotateDataKey(dev.junction.secret.EnvelopeCipher cipher, String tenant) {
        return encrypted.rotateDataKey(cipher, tenant);
    }

    /** When the tenant's data key was made or last rotated; empty when it has none. */
    public java.util.Optional<java.time.Instant> dataKeyUpdatedAt(String tenant) {
        return encrypted.dataKeyUpdatedAt(tenant);
    }

    /**
     * Erases a tenant in one transaction: destroys its data key (crypto-shred) and deletes the named
     * connections and everything of the tenant (see {@code JdbcTenants#erase}). The data keys this
     * process holds in memory forget it.
     *
     * @return rows deleted per table
     */
    public java.util.Map<String, Integer> eraseTenant(String tenant, java.util.List<String> connections) {
        return encrypted.eraseTenant(tenant, connections);
    }

    /**
     * Outbound event subscriptions (their secrets AES-256-GCM encrypted under the tenant's data key,
     * as credentials are) and the outbox of deliveries. {@code cipher} is asked for on the first secret
     * written or read. Create one per process and share it: it caches data keys.
     */
    @Override
    public EventRepository events(java.util.function.Supplier<dev.junction.secret.EnvelopeCipher> cipher) {
        return encrypted.events(java.util.Objects.requireNonNull(cipher, "cipher"));
    }

    /**
     * Tells {@code listener} of every run whose end this store records (succeeded, partial, failed,
     * cancelled, abandoned), after the commit, on the recording thread: the one place every run's end
     * passes, whoever records it (the run itself, the queue's reaper, a cancel). One listener.
     */
    public void onRunEnded(java.util.function.Consumer<dev.junction.store.RunRecord> listener) {
        repositories.runs().onEnded(listener);
    }

    /**
     * Rotates the master key: re-wraps every tenant's data key from {@code current} to {@code next}
     * in one transaction. Credentials stay as they are; afterwards only {@code next} opens them.
     *
     * @return how many data keys were re-wrapped
     * @throws dev.junction.secret.SecretException when {@code current} is not the key in use
     */
    public int rotateMasterKey(dev.junction.secret.EnvelopeCipher current, dev.junction.secret.EnvelopeCipher next) {
        return encrypted.rotateMasterKey(current, next);
    }

    /** Closes the pool (an in-memory H2 database is dropped). Calling it again does nothing. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "JdbcStore[" + pool.dialect().name() + " " + redact(pool.jdbcUrl()) + "]";
    }
}

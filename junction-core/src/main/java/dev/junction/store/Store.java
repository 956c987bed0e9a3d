package dev.junction.store;

/**
 * Everything Junction persists, behind one interface so core knows nothing of SQL. The JDBC module
 * implements it for H2 (embedded default) and PostgreSQL; the same contract tests run on both.
 * Every method is safe to call from many threads.
 */
public interface Store extends AutoCloseable {
    DefinitionRepository definitions();

    ConnectionRepository connections();

    RunRepository runs();

    FingerprintRepository fingerprints();

    CheckpointRepository checkpoints();

    ExchangeRepository exchanges();

    DeadLetterRepository deadLetters();

    /** Run leases: one run per sync at a time. */
    LeaseRepository leases();

    EndpointSignalRepository endpointSignals();

    /** Batches sent with an idempotency key whose outcome is not saved yet. */
    WriteIntentRepository writeIntents();

    /**
     * A sync's state as a whole (checkpoints, fingerprints, write intents, lease): to inspect, reset
     * or move it. Stores that cannot say so.
     */
    default SyncStateRepository syncStates() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot inspect or reset sync state");
    }

    /**
     * Stream schemas per connection and the drift events runs found against them. Stores that
     * cannot keep schemas say so.
     */
    default SchemaRepository schemas() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot store schemas");
    }

    /** API tokens (their secrets' hashes only). Stores that cannot keep tokens say so. */
    default TokenRepository tokens() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot store API tokens");
    }

    /** Sync schedules' pauses and fire history. Stores that cannot keep them say so. */
    default ScheduleRepository schedules() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep schedules");
    }

    /** Polls' shared cursors and last ticks. Stores that cannot keep them say so. */
    default PollRepository polls() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep polls");
    }

    /** Deletes old exchanges, runs, dead letters and audit entries in batches. Stores that cannot say so. */
    default RetentionRepository retention() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot purge by retention");
    }

    /** The audit log of mutating calls. Stores that cannot keep one say so. */
    default AuditLogRepository auditLog() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep an audit log");
    }

    /**
     * The credentials (OAuth tokens) of connections, encrypted at rest with {@code cipher}'s
     * per-tenant data keys. Stores that cannot keep credentials say so.
     */
    default CredentialRepository credentials(dev.junction.secret.EnvelopeCipher cipher) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot store credentials");
    }

    /**
     * The secret values of connections made through the API ({@code ${stored:FIELD}}), encrypted at
     * rest with {@code cipher}'s per-tenant data keys. Stores that cannot keep them say so.
     */
    default StoredValueRepository storedValues(dev.junction.secret.EnvelopeCipher cipher) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot store connection values");
    }

    /** Connect sessions of the connect page. Stores that cannot keep them say so. */
    default ConnectSessionRepository connectSessions() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep connect sessions");
    }

    /**
     * The durable inbox of webhook and poll events: appended before their sender is answered, then
     * claimed by workers. Stores that cannot keep one say so.
     */
    default InboxRepository inbox() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep an inbox");
    }

    /**
     * Outbound events: subscriptions and the outbox of deliveries. {@code cipher} is asked for only
     * when a signing secret is encrypted or decrypted (with the tenant's data key, as credentials are),
     * so storing an emitted event needs no master key. Stores that cannot keep events say so.
     */
    default EventRepository events(java.util.function.Supplier<dev.junction.secret.EnvelopeCipher> cipher) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot store outbound events");
    }

    /** Reconciliation audits of syncs and their reports. Stores that cannot keep them say so. */
    default SyncAuditRepository syncAudits() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep sync audits");
    }

    /** Flow executions and their steps. Stores that cannot keep them say so. */
    default FlowExecutionRepository flowExecutions() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep flow executions");
    }

    /** Flow executions whose steps keep their full output, encrypted with {@code cipher}'s tenant data keys. Stores that cannot keep them say so. */
    default FlowExecutionRepository flowExecutions(java.util.function.Supplier<dev.junction.secret.EnvelopeCipher> cipher) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep flow executions");
    }

    /** The chunks of backfills (the range each backfill run reads). Stores that cannot keep them say so. */
    default BackfillRepository backfills() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep backfills");
    }

    /** The bounded history of connections' health checks. Stores that cannot keep it say so. */
    default ConnectionCheckRepository connectionChecks() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep connection checks");
    }

    /**
     * Which nodes spend which shared rate budgets (see {@link RateShareRepository}). Stores that cannot
     * keep them say so; a process on such a store spends every budget alone.
     */
    default RateShareRepository rateShares() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep rate shares");
    }

    /** Alerts (rules' firing and resolved episodes) and their notifications' outbox. Stores that cannot keep them say so. */
    default AlertRepository alerts() {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot keep alerts");
    }

    @Override
    void close();
}

package dev.junction.store.jdbc.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.AlertRepository;
import dev.junction.store.AuditLogRepository;
import dev.junction.store.BackfillRepository;
import dev.junction.store.CheckpointRepository;
import dev.junction.store.ConnectSessionRepository;
import dev.junction.store.ConnectionCheckRepository;
import dev.junction.store.ConnectionRepository;
import dev.junction.store.DeadLetterRepository;
import dev.junction.store.DefinitionRepository;
import dev.junction.store.EndpointSignalRepository;
import dev.junction.store.ExchangeRepository;
import dev.junction.store.FingerprintRepository;
import dev.junction.store.FlowExecutionRepository;
import dev.junction.store.InboxRepository;
import dev.junction.store.LeaseRepository;
import dev.junction.store.PollRepository;
import dev.junction.store.RateShareRepository;
import dev.junction.store.RetentionRepository;
import dev.junction.store.ScheduleRepository;
import dev.junction.store.SchemaRepository;
import dev.junction.store.SyncAuditRepository;
import dev.junction.store.SyncStateRepository;
import dev.junction.store.TokenRepository;
import dev.junction.store.WriteIntentRepository;
import java.time.Clock;

/**
 * The store's repositories that need no master key, each made once on the store's {@link Jdbc} and
 * shared by every caller. (Those that encrypt are made per master key: {@link EncryptedRepositories}.)
 */
public record JdbcRepositories(
        DefinitionRepository definitions,
        ConnectionRepository connections,
        JdbcRunRepository runs,
        FingerprintRepository fingerprints,
        CheckpointRepository checkpoints,
        ExchangeRepository exchanges,
        DeadLetterRepository deadLetters,
        LeaseRepository leases,
        EndpointSignalRepository endpointSignals,
        WriteIntentRepository writeIntents,
        SchemaRepository schemas,
        SyncStateRepository syncStates,
        TokenRepository tokens,
        ScheduleRepository schedules,
        PollRepository polls,
        AuditLogRepository auditLog,
        RetentionRepository retention,
        InboxRepository inbox,
        BackfillRepository backfills,
        FlowExecutionRepository flowExecutions,
        SyncAuditRepository syncAudits,
        ConnectionCheckRepository connectionChecks,
        AlertRepository alerts,
        ConnectSessionRepository connectSessions,
        RateShareRepository rateShares) {

    /** Every repository on {@code jdbc}; {@code json} writes the JSON columns of exchanges and write intents. */
    public static JdbcRepositories create(Jdbc jdbc, Dialect dialect, Clock clock, ObjectMapper json) {
        return new JdbcRepositories(
                new JdbcDefinitionRepository(jdbc, dialect),
                new JdbcConnectionRepository(jdbc, dialect),
                new JdbcRunRepository(jdbc, dialect),
                new JdbcFingerprintRepository(jdbc, dialect, clock),
                new JdbcCheckpointRepository(jdbc, dialect),
                new JdbcExchangeRepository(jdbc, dialect, new HeadersJson(json)),
                new JdbcDeadLetterRepository(jdbc, dialect),
                new JdbcLeaseRepository(jdbc),
                new JdbcEndpointSignalRepository(jdbc, dialect),
                new JdbcWriteIntentRepository(jdbc, dialect, clock, json),
                new JdbcSchemaRepository(jdbc, dialect),
                new JdbcSyncStateRepository(jdbc, dialect),
                new JdbcTokenRepository(jdbc),
                new JdbcScheduleRepository(jdbc, dialect),
                new JdbcPollRepository(jdbc, dialect),
                new JdbcAuditLogRepository(jdbc, dialect),
                new JdbcRetentionRepository(jdbc),
                new JdbcInboxRepository(jdbc, dialect),
                new JdbcBackfillRepository(jdbc),
                new JdbcFlowExecutionRepository(jdbc, null),
                new JdbcSyncAuditRepository(jdbc),
                new JdbcConnectionCheckRepository(jdbc, dialect),
                new JdbcAlertRepository(jdbc),
                new JdbcConnectSessionRepository(jdbc),
                new JdbcRateShareRepository(jdbc, dialect));
    }
}

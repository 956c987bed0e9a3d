package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.ConnectionRecord;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.RunCounters;
import dev.junction.store.RunRecord;
import dev.junction.store.RunStatus;
import dev.junction.store.Store;
import dev.junction.store.StoredDefinition;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole {@link Store} contract, run against every supported database: the per-repository
 * contracts are mixed in as interfaces, and the cross-cutting tests (instants, threads) live here.
 * A subclass opens the store once per class; every test starts from empty tables.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractStoreContractTest
        implements DefinitionAndConnectionContract, RunContract, FingerprintAndCheckpointContract, ExchangeContract,
                DeadLetterContract, LeaseContract, LeaseKeeperContract, RunCancelContract, EndpointSignalContract, SchemaContract, CredentialContract,
                WriteIntentContract, TenantContract, SyncStateContract, DefinitionVersionContract, TokenContract, AuditLogContract, QueuedRunContract, ListPageContract,
                InboxContract, EventContract, ScheduleContract, BackfillContract, PollContract, StoredValueContract, ConnectionHealthContract,
                FlowExecutionContract, FlowSlotContract, SyncAuditContract, AlertContract, RetentionContract, RateShareContract {
    /** Children before parents, so plain deletes satisfy the foreign keys. */
    private static final List<String> TABLES = List.of(
            "event_deliveries", "event_subscriptions", "write_intents", "credentials", "stored_values", "connect_sessions", "data_keys", "drift_events", "stream_schemas", "endpoint_signals", "exchange_keys", "exchanges", "dead_letters", "run_leases", "runs", "fingerprints", "checkpoints", "connections", "definitions", "definition_versions", "api_tokens", "audit_log", "scheduled_tasks", "inbox_events", "schedule_states", "schedule_ticks", "backfill_chunks", "poll_states", "credential_refreshes", "connection_checks", "flow_steps", "flow_executions", "sync_audits", "alert_notifications", "alerts", "alert_silences", "rate_shares", "flow_limit_locks");

    private Store store;

    /** Opens the store under test; called once per class. */
    protected abstract Store openStore() throws Exception;

    /** Called after the store is closed, to stop a database the subclass started. */
    protected void afterStoreClosed() throws Exception {}

    @Override
    public Store store() {
        return store;
    }

    @BeforeAll
    void openTheStore() throws Exception {
        store = openStore();
    }

    @AfterAll
    void closeTheStore() throws Exception {
        try {
            if (store != null) {
                store.close();
            }
        } finally {
            afterStoreClosed();
        }
    }

    @BeforeEach
    void startFromEmptyTables() throws SQLException {
        try (Connection c = rawConnection(); Statement s = c.createStatement()) {
            for (String table : TABLES) {
                s.executeUpdate("delete from " + table);
            }
        }
    }

    @Test
    void instantsRoundTripToTheMillisecondAndBeyondInEveryTable() {
        Instant precise = Instant.parse("2026-12-31T23:59:59.987654321Z");
        Instant expected = precise.truncatedTo(ChronoUnit.MICROS);
        Instant epoch = Instant.EPOCH;

        store.definitions().save(new StoredDefinition("Sync", "s", "x", null, null, precise));
        store.connections().save(new ConnectionRecord("c", null, null, null, null, null, precise));
        store.runs().start("r1", "s", "manual", precise);
        store.runs().start("r0", "s", "manual", epoch);
        store.runs().finish("r1", RunStatus.SUCCEEDED, RunCounters.ZERO, null, precise.plus(Duration.ofMillis(1)));
        store.exchanges().append(ExchangeContract.exchange("r1", precise, 200, List.of()));
        store.deadLetters().add(DeadLetterContract.deadLetter("r1", "s", "k", precise));

        assertThat(store.definitions().find("Sync", "s").orElseThrow().appliedAt()).isEqualTo(expected);
        assertThat(store.connections().find("c").orElseThrow().updatedAt()).isEqualTo(expected);
        RunRecord run = store.runs().find("r1").orElseThrow();
        assertThat(run.startedAt().truncatedTo(ChronoUnit.MILLIS)).isEqualTo(precise.truncatedTo(ChronoUnit.MILLIS));
        assertThat(run.startedAt()).isEqualTo(expected);
        assertThat(run.finishedAt()).isEqualTo(expected.plus(Duration.ofMillis(1)));
        assertThat(store.runs().find("r0").orElseThrow().startedAt()).isEqualTo(epoch);
        assertThat(store.exchanges().find(ExchangeQuery.forRun("r1")).getFirst().at()).isEqualTo(expected);
        assertThat(store.deadLetters().listForRun("r1").getFirst().at()).isEqualTo(expected);
    }

    @Test
    void manyThreadsCanWriteAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Void>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                tasks.add(() -> {
                    for (int i = 0; i < 20; i++) {
                        store.exchanges().append(ExchangeContract.exchange("r" + thread, at(i), 200, List.of("k" + thread + "-" + i, "shared")));
                        store.checkpoints().save("s", "stream", "", "t" + thread + "-" + i, at(i));
                        store.fingerprints().saveAll("s", Map.of("shared", "t" + thread + "-" + i, "t" + thread, "v" + i));
                    }
                    return null;
                });
            }
            for (Future<Void> result : pool.invokeAll(tasks)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(store.exchanges().find(new ExchangeQuery(null, null, null, 1_000))).hasSize(160);
        assertThat(store.exchanges().find(new ExchangeQuery(null, null, "shared", 1_000))).hasSize(160);
        assertThat(store.checkpoints().find("s", "stream", "")).isPresent();
        assertThat(store.fingerprints().count("s")).isEqualTo(9);
    }
}

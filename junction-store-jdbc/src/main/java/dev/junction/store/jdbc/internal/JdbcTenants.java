package dev.junction.store.jdbc.internal;

import dev.junction.secret.EnvelopeCipher;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKey;

/**
 * What the store does to a tenant as a whole: rotate its data key (every value encrypted with it is
 * encrypted again with a new one, in one transaction), and erase it (its data key destroyed — a
 * crypto-shred of anything that may survive elsewhere, such as a backup — with its connections,
 * their values, tokens and state, and its runs, dead letters, exchanges, events and tokens, in one
 * transaction). The audit log is kept: it is the operator's record of who did what.
 */
public final class JdbcTenants {
    private final Jdbc jdbc;
    private final Clock clock;

    public JdbcTenants(Jdbc jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Gives the tenant a new data key and encrypts every value of the old one again under it: connection
     * credentials, stored values and event subscription secrets. The tenant's key row stays locked
     * meanwhile, so no value written under the old key slips in.
     *
     * @return how many values were encrypted again; empty when the tenant has no data key (nothing encrypted yet)
     */
    public Optional<Integer> rotateDataKey(DataKeys keys, String tenant) {
        EnvelopeCipher cipher = keys.cipher();
        SecretKey next = cipher.newDataKey();
        Optional<Integer> rotated = jdbc.inTransaction("rotate the data key of tenant '" + tenant + "'", c -> {
            record Wrapped(byte[] key, String by) {}
            Optional<Wrapped> row = Jdbc.first(c, "select wrapped_key, master_key_id from data_keys where tenant = ? for update",
                    r -> new Wrapped(r.getBytes(1), r.getString(2)), tenant);
            if (row.isEmpty()) {
                return Optional.<Integer>empty();
            }
            SecretKey old = cipher.unwrap(row.get().key(), row.get().by(), tenant);
            int count = reseal(c, cipher, old, next, "credentials", List.of("connection"), "ciphertext", tenant, r -> new String[] {tenant, r[0]});
            count += reseal(c, cipher, old, next, "stored_values", List.of("connection"), "ciphertext", tenant,
                    r -> new String[] {tenant, r[0], JdbcStoredValueRepository.PURPOSE});
            for (String column : List.of("secret", "previous_secret")) {
                count += reseal(c, cipher, old, next, "event_subscriptions", List.of("id"), column, tenant,
                        r -> new String[] {tenant, "event-subscription", r[0]});
            }
            // the flow steps' full outputs: key_tenant is the tenant whose key sealed them ('default' for an operator's execution)
            count += reseal(c, cipher, old, next, "flow_steps", List.of("execution_id", "cast(seq as varchar)"), "sealed_output", tenant,
                    r -> JdbcFlowExecutionRepository.context(tenant, r[0], Integer.parseInt(r[1])));
            Jdbc.update(c, "update data_keys set wrapped_key = ?, master_key_id = ?, updated_at = ? where tenant = ?",
                    cipher.wrap(next, tenant), cipher.masterKey().id(), clock.instant(), tenant);
            return Optional.of(count);
        });
        rotated.ifPresent(n -> keys.remember(tenant, next));
        return rotated;
    }

    /** Decrypts each non-null value of {@code column} of the tenant's rows with {@code old} and encrypts it with {@code next}. */
    private static int reseal(Connection c, EnvelopeCipher cipher, SecretKey old, SecretKey next, String table, List<String> keyColumns, String column,
            String tenant, java.util.function.Function<String[], String[]> context) throws SQLException {
        record Row(String[] key, byte[] sealed) {}
        // event subscriptions of no tenant are encrypted with the key of the tenant 'default'
        String tenantCondition = table.equals("event_subscriptions") && tenant.equals(JdbcEventRepository.NO_TENANT_KEY)
                ? "(tenant = ? or tenant is null)" : table.equals("flow_steps") ? "key_tenant = ?" : "tenant = ?";
        String keys = String.join(", ", keyColumns);
        List<Row> rows = Jdbc.list(c, "select " + keys + ", " + column + " from " + table + " where " + tenantCondition + " and " + column
                + " is not null for update", r -> {
                    String[] key = new String[keyColumns.size()];
                    for (int i = 0; i < key.length; i++) {
                        key[i] = r.getString(i + 1);
                    }
                    return new Row(key, r.getBytes(keyColumns.size() + 1));
                }, tenant);
        String where = String.join(" and ", keyColumns.stream().map(k -> k + " = ?").toList());
        for (Row row : rows) {
            String[] aad = context.apply(row.key());
            byte[] plaintext = cipher.decrypt(old, row.sealed(), aad);
            try {
                Object[] params = new Object[row.key().length + 2];
                params[0] = cipher.encrypt(next, plaintext, aad);
                params[1] = tenant;
                System.arraycopy(row.key(), 0, params, 2, row.key().length);
                Jdbc.update(c, "update " + table + " set " + column + " = ? where " + tenantCondition + " and " + where, params);
            } finally {
                java.util.Arrays.fill(plaintext, (byte) 0);
            }
        }
        return rows.size();
    }

    /**
     * Erases a tenant in one transaction: its data key (crypto-shred), the named connections (their
     * definitions and history, state records, stored values, credentials, schemas, signals, poll
     * cursors), and everything of the tenant: runs, dead letters, exchanges, inbox events, event
     * subscriptions and deliveries, backfill chunks, schedules, API tokens, sync audits, and the sync state kept
     * for it (fingerprints, checkpoints, write intents, leases of {@code SYNC@TENANT}).
     *
     * @return rows deleted per table (tables with none left out)
     */
    public Map<String, Integer> erase(String tenant, List<String> connections) {
        return jdbc.inTransaction("erase tenant '" + tenant + "'", c -> {
            Map<String, Integer> deleted = new LinkedHashMap<>();
            count(deleted, "data_keys", Jdbc.update(c, "delete from data_keys where tenant = ?", tenant));
            ExchangeKeys.deleteOf(c, Jdbc.list(c, "select id from exchanges where tenant = ?", row -> row.getLong(1), tenant));
            for (String table : List.of("stored_values", "credentials", "runs", "dead_letters", "exchanges", "inbox_events", "event_deliveries",
                    "event_subscriptions", "backfill_chunks", "poll_states", "api_tokens", "connect_sessions", "credential_refreshes", "connection_checks",
                    "sync_audits")) {
                count(deleted, table, Jdbc.update(c, "delete from " + table + " where tenant = ?", tenant));
            }
            for (String table : List.of("schedule_states", "schedule_ticks")) {
                count(deleted, table, Jdbc.update(c, "delete from " + table + " where tenant_key = ?", tenant));
            }
            for (String name : connections) {
                for (String table : List.of("connections", "definitions", "definition_versions")) {
                    String column = table.equals("connections") ? "name = ?" : "kind = 'Connection' and name = ?";
                    count(deleted, table, Jdbc.update(c, "delete from " + table + " where " + column, name));
                }
                for (String table : List.of("stream_schemas", "drift_events", "endpoint_signals", "poll_states", "credentials", "stored_values", "credential_refreshes", "connection_checks")) {
                    count(deleted, table, Jdbc.update(c, "delete from " + table + " where connection = ?", name));
                }
            }
            String stateKey = "%@" + tenant.replace("!", "!!").replace("%", "!%").replace("_", "!_");
            for (String table : List.of("fingerprints", "checkpoints", "write_intents", "run_leases")) {
                count(deleted, table, Jdbc.update(c, "delete from " + table + " where sync like ? escape '!'", stateKey));
            }
            return deleted;
        });
    }

    private static void count(Map<String, Integer> deleted, String table, int rows) {
        if (rows > 0) {
            deleted.merge(table, rows, Integer::sum);
        }
    }

    /** When the tenant's data key was made or last rotated; empty when it has none. */
    public Optional<Instant> keyUpdatedAt(String tenant) {
        return jdbc.withHandleNoFlush("read the data key of tenant '" + tenant + "'",
                c -> Jdbc.first(c, "select updated_at from data_keys where tenant = ?", r -> Jdbc.instant(r, "updated_at"), tenant));
    }
}

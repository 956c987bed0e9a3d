package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * The record keys logged before V34 (table {@code exchange_record_keys}, keyed by exchange and
 * position) are the same keys after it (table {@code exchange_keys}, keyed by one number): in order,
 * found by key, and deleted with their exchange. On H2 and on PostgreSQL.
 */
class ExchangeKeysMigrationTest {
    @Test
    void keysLoggedBeforeV34ReadBackInOrderAndAreFoundByKeyOnH2() throws Exception {
        String url = "jdbc:h2:mem:v33-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        migrateToV33AndLogTwoExchanges(url, "sa", "", "h2");
        checkAfterV34(url, "sa", "");
    }

    @Test
    void keysLoggedBeforeV34ReadBackInOrderAndAreFoundByKeyOnPostgres() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            migrateToV33AndLogTwoExchanges(url, "postgres", "", "postgresql");
            checkAfterV34(url, "postgres", "");
        }
    }

    private static void migrateToV33AndLogTwoExchanges(String url, String user, String password, String dialect) throws Exception {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration/" + dialect).target("33").load().migrate();
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            for (int id = 1; id <= 2; id++) {
                s.execute("insert into exchanges (created_at, run_id, connection, method, url, status, duration_ms, attempt)"
                        + " values (timestamp with time zone '2026-01-0" + id + " 00:00:00+00', 'old', 'crm', 'GET', 'https://x', 200, 1, 1)");
            }
            s.execute("insert into exchange_record_keys (exchange_id, key_position, record_key) values"
                    + " ((select min(id) from exchanges), 0, 'c-2'), ((select min(id) from exchanges), 1, 'c-1'), ((select min(id) from exchanges), 2, 'c-2'),"
                    + " ((select max(id) from exchanges), 0, 'c-1')");
        }
    }

    private static void checkAfterV34(String url, String user, String password) {
        try (JdbcStore store = JdbcStore.open(url, user, password)) {
            List<ExchangeRecord> old = store.exchanges().find(ExchangeQuery.forRun("old"));
            assertThat(old).extracting(ExchangeRecord::recordKeys).containsExactly(List.of("c-2", "c-1", "c-2"), List.of("c-1"));
            assertThat(store.exchanges().find(new ExchangeQuery(null, null, "c-1", 10))).hasSize(2);
            assertThat(store.exchanges().find(new ExchangeQuery(null, null, "c-2", 10))).singleElement()
                    .extracting(ExchangeRecord::id).isEqualTo(old.getFirst().id());
            // written after the migration, next to the old ones
            store.exchanges().append(new ExchangeRecord(0, Instant.parse("2026-01-03T00:00:00Z"), "new", null, "crm", "GET", "https://x", 200, 1, 1,
                    null, null, null, null, null, List.of("c-1", "c-3")));
            assertThat(store.exchanges().find(new ExchangeQuery(null, null, "c-1", 10))).hasSize(3);
            assertThat(store.exchanges().deleteOlderThan(Instant.parse("2026-01-02T12:00:00Z"))).isEqualTo(2);
            assertThat(store.exchanges().find(new ExchangeQuery(null, null, "c-1", 10))).extracting(ExchangeRecord::runId).containsExactly("new");
            assertThat(store.exchanges().find(new ExchangeQuery(null, null, "c-2", 10))).isEmpty();
        }
    }
}

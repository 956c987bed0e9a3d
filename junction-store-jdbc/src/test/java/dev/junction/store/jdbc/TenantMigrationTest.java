package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.store.DeadLetter;
import dev.junction.store.RunRecord;
import dev.junction.sync.SyncJob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A store written before per-tenant syncs (schema V9) keeps meaning the same after V10: its runs and
 * dead letters are the classic sync's (no tenant), and its checkpoints and fingerprints are still
 * found under the sync's name, which is a classic job's state key.
 */
class TenantMigrationTest {
    @Test
    void rowsWrittenBeforeV10AreTheClassicSyncsAndKeepTheirState() throws Exception {
        String url = "jdbc:h2:mem:v9-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration/h2").target("9").load().migrate();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("insert into runs (id, sync, trigger, status, started_at) values ('old', 'contacts', 'cli', 'SUCCEEDED', timestamp with time zone '2026-01-01 00:00:00+00')");
            s.execute("insert into dead_letters (created_at, run_id, sync, record_key, reason, state) values (timestamp with time zone '2026-01-01 00:00:00+00', 'old', 'contacts', 'k1', 'bad', 'open')");
            s.execute("insert into fingerprints (sync, record_key, fingerprint, updated_at) values ('contacts', 'k1', 'f1', timestamp with time zone '2026-01-01 00:00:00+00')");
            s.execute("insert into checkpoints (sync, stream, partition_key, checkpoint_value, updated_at) values ('contacts', 'people', '', '2026-01-01', timestamp with time zone '2026-01-01 00:00:00+00')");
        }

        try (JdbcStore store = JdbcStore.open(url, "sa", "")) {
            String classic = SyncJob.stateKey("contacts", null);
            assertThat(store.runs().find("old").orElseThrow().tenant()).isNull();
            assertThat(store.runs().list("contacts", 10)).extracting(RunRecord::id).containsExactly("old");
            assertThat(store.deadLetters().open("contacts", null, 0, 10)).extracting(DeadLetter::tenant).containsExactly((String) null);
            assertThat(store.fingerprints().find(classic, List.of("k1"))).containsEntry("k1", "f1");
            assertThat(store.checkpoints().find(classic, "people", "")).contains("2026-01-01");
            assertThat(store.fingerprints().find(SyncJob.stateKey("contacts", "default"), List.of("k1"))).isEmpty();
        }
    }
}

package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.FlowExecution;
import dev.junction.store.FlowStepRecord;
import dev.junction.store.StoreException;
import dev.junction.store.jdbc.internal.EmbeddedRebuild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.table.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction store repair}'s rebuild, on the state H2 leaves now and then after a kill
 * (H2KillStress, flow-steps writer): a unique index entry whose row the table lost. Made here by
 * removing one row from the table's row map alone, through H2's own classes. Storing that key then
 * fails for good, with the store saying how to repair; after the rebuild every other row is there and
 * the key can be stored again.
 */
class EmbeddedRebuildTest {
    private static final Instant T0 = Instant.parse("2026-12-06T20:00:00Z");

    @TempDir
    Path dataDir;

    @Test
    void aTableWhoseIndexNamesALostRowIsRebuiltFromItsRowsAndTheKeyCanBeStoredAgain() throws Exception {
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            for (int e = 0; e < 3; e++) {
                store.flowExecutions().createOrFind(FlowExecution.queued("x-" + e, "f", 1, null, "{}", null, null, T0));
                for (int seq = 1; seq <= 2; seq++) {
                    store.flowExecutions().saveStep(step("x-" + e, seq));
                }
            }
            store.fingerprints().saveAll("s", Map.of("k-1", "fp-1", "k-2", "fp-2"));
        }
        loseRowKeepingItsIndexEntry("flow_steps", "x-1", 1);

        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            assertThatThrownBy(() -> store.flowExecutions().saveStep(step("x-1", 1)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("could not store step 's1' of flow execution x-1")
                    .hasMessageContaining("has an index entry for a row its table lost")
                    .hasMessageContaining("junction store repair");
        }

        EmbeddedRebuild.Result result = JdbcStore.rebuildEmbedded(dataDir, Clock.fixed(T0, ZoneOffset.UTC));

        assertThat(result.rows()).containsEntry("flow_steps", 5L).containsEntry("flow_executions", 3L).containsEntry("fingerprints", 2L);
        assertThat(result.before()).isEqualTo(dataDir.toAbsolutePath().resolve("repair-20261206T200000Z/junction.mv.db.before")).exists();
        assertThat(dataDir.resolve("repair-20261206T200000Z/junction.sql.gz")).doesNotExist();
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            assertThat(store.flowExecutions().steps("x-1")).extracting(FlowStepRecord::seq).containsExactly(2);
            store.flowExecutions().saveStep(step("x-1", 1));
            assertThat(store.flowExecutions().steps("x-1")).extracting(FlowStepRecord::seq).containsExactly(1, 2);
            assertThat(store.flowExecutions().steps("x-2")).extracting(FlowStepRecord::seq).containsExactly(1, 2);
            assertThat(store.fingerprints().find("s", java.util.List.of("k-1", "k-2"))).containsOnlyKeys("k-1", "k-2");
            assertThat(store.flowExecutions().find("x-0")).isPresent();
        }
    }

    @Test
    void aDirectoryWithoutAStoreIsAClearError() throws Exception {
        Path empty = Files.createDirectories(dataDir.resolve("empty"));
        assertThatThrownBy(() -> JdbcStore.rebuildEmbedded(empty, Clock.systemUTC()))
                .isInstanceOf(StoreException.class)
                .hasMessage("there is no embedded store in " + empty.toAbsolutePath() + " (no junction.mv.db) to repair");
    }

    private static FlowStepRecord step(String execution, int seq) {
        return new FlowStepRecord(execution, seq, "s" + seq, "succeeded", "{}", null, T0, T0, null);
    }

    /** Removes the row from the table's row map only, as a kill can leave it: its unique index entry stays. */
    private void loseRowKeepingItsIndexEntry(String table, String execution, int seq) throws Exception {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("junction") + JdbcStore.H2_SETTINGS + ";AUTO_SERVER=FALSE";
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setAutoCommit(false);
            long key;
            try (PreparedStatement select = c.prepareStatement("select _rowid_ from " + table + " where execution_id = ? and seq = ?")) {
                select.setString(1, execution);
                select.setInt(2, seq);
                try (ResultSet row = select.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    key = row.getLong(1);
                }
            }
            SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();
            Table t = session.getDatabase().getSchema("public").findTableOrView(session, table);
            t.getScanIndex(session).remove(session, t.getRow(session, key));
            c.commit();
        }
    }
}

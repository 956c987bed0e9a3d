package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.store.ExchangeQuery;
import dev.junction.store.RunCounters;
import dev.junction.store.RunStatus;
import dev.junction.store.StoreException;
import dev.junction.store.StoredDefinition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opening, reopening and closing stores, and the errors of doing so. */
class JdbcStoreTest {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStoreTest.class);
    private static final Instant T0 = Instant.parse("2026-05-04T10:15:30Z");

    @TempDir
    Path temp;

    @Test
    void reopeningAnH2FileStoreKeepsTheDataAndDoesNotReapplyMigrations() throws Exception {
        Path dataDir = temp.resolve("data").resolve("nested");
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            assertThat(store.databaseName()).isEqualTo("H2");
            store.definitions().save(new StoredDefinition("Sync", "s", "kind: Sync", "s.yaml", "c1", T0));
            store.runs().start("r1", "s", "manual", T0);
            store.runs().finish("r1", RunStatus.SUCCEEDED, new RunCounters(1, 1, 0, 0, 0, 0, 0, 0), null, T0.plusSeconds(1));
            store.fingerprints().saveAll("s", Map.of("k", "f"));
        }
        assertThat(dataDir.resolve("junction.mv.db")).exists();

        long started = System.nanoTime();
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            LOG.info("Reopened an existing H2 file store in {} ms", (System.nanoTime() - started) / 1_000_000);
            assertThat(store.definitions().find("Sync", "s")).map(StoredDefinition::source).contains("kind: Sync");
            assertThat(store.runs().find("r1")).map(r -> r.status()).contains(RunStatus.SUCCEEDED);
            assertThat(store.fingerprints().find("s", java.util.List.of("k"))).containsEntry("k", "f");
            try (Connection c = DriverManager.getConnection(store.jdbcUrl(), "sa", "");
                    ResultSet rows = c.createStatement().executeQuery(
                            "select version, success from flyway_schema_history where version is not null")) {
                java.util.List<String> versions = new java.util.ArrayList<>();
                while (rows.next()) {
                    versions.add(rows.getString(1));
                    assertThat(rows.getBoolean(2)).isTrue();
                }
                assertThat(versions).contains("1");
                assertThat(versions).as("migrations applied once").doesNotHaveDuplicates();
            }
        }
    }

    @Test
    void anIdentityBehindItsTablesIdsAfterAnAbruptStopContinuesAboveThemWhenTheStoreOpens() throws Exception {
        Path dataDir = temp.resolve("identities");
        try (JdbcStore store = JdbcStore.h2(dataDir); Connection c = store.dataSource().getConnection()) {
            c.createStatement().execute("create table recovered (id bigint generated always as identity primary key, v int)");
            c.createStatement().execute("insert into recovered (v) values (1), (2), (3)");
            // what H2 now and then leaves after a kill -9: rows recovered whose ids the identity would hand out again
            c.createStatement().execute("alter table recovered alter column id restart with 2");
        }

        try (JdbcStore store = JdbcStore.h2(dataDir); Connection c = store.dataSource().getConnection()) {
            c.createStatement().execute("insert into recovered (v) values (4)");
            try (ResultSet ids = c.createStatement().executeQuery("select max(id), count(*) from recovered")) {
                assertThat(ids.next()).isTrue();
                assertThat(ids.getLong(1)).isEqualTo(4);
                assertThat(ids.getLong(2)).isEqualTo(4);
            }
            // an identity ahead of its ids is left alone
            c.createStatement().execute("alter table recovered alter column id restart with 100");
        }
        try (JdbcStore store = JdbcStore.h2(dataDir); Connection c = store.dataSource().getConnection()) {
            c.createStatement().execute("insert into recovered (v) values (5)");
            try (ResultSet ids = c.createStatement().executeQuery("select max(id) from recovered")) {
                assertThat(ids.next()).isTrue();
                assertThat(ids.getLong(1)).isEqualTo(100);
            }
        }
    }

    @Test
    void anUnsupportedJdbcUrlGivesAClearError() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:mysql://localhost:3306/junction", "u", "p"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("'jdbc:mysql:'")
                .hasMessageContaining("jdbc:h2:")
                .hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> JdbcStore.open("postgres://localhost/junction", "u", "p"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("not a jdbc: URL");
        assertThatThrownBy(() -> JdbcStore.open("", "u", "p")).isInstanceOf(StoreException.class);
    }

    @Test
    void anUnreachableDatabaseGivesAStoreExceptionNamingItWithoutThePassword() {
        assertThatThrownBy(() -> JdbcStore.open("jdbc:postgresql://127.0.0.1:1/junction?password=s3cret&connectTimeout=2", "u", "p"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("could not connect to the PostgreSQL store at jdbc:postgresql://127.0.0.1:1/junction")
                .hasMessageNotContaining("s3cret");
    }

    @Test
    void inMemoryStoresWithDifferentNamesAreSeparateAndClosingDropsTheData() {
        try (JdbcStore a = JdbcStore.h2InMemory("a-" + System.nanoTime()); JdbcStore b = JdbcStore.h2InMemory("b-" + System.nanoTime())) {
            a.fingerprints().saveAll("s", Map.of("k", "f"));
            assertThat(b.fingerprints().count("s")).isZero();
        }
        String name = "dropped-" + System.nanoTime();
        try (JdbcStore store = JdbcStore.h2InMemory(name)) {
            store.fingerprints().saveAll("s", Map.of("k", "f"));
        }
        try (JdbcStore store = JdbcStore.h2InMemory(name)) {
            assertThat(store.fingerprints().count("s")).isZero();
        }
        assertThatThrownBy(() -> JdbcStore.h2InMemory("bad;name")).isInstanceOf(StoreException.class);
    }

    @Test
    void anH2UrlInH2sDefaultModeWorksToo() {
        try (JdbcStore store = JdbcStore.open("jdbc:h2:mem:plain-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", "sa", "")) {
            store.exchanges().append(ExchangeContract.exchange("r1", T0, 200, java.util.List.of("k1", "k2")));
            store.definitions().save(new StoredDefinition("Sync", "s", "x", null, null, T0));
            store.fingerprints().saveAll("s", Map.of("a", "1", "b", "2"));

            assertThat(store.exchanges().find(new ExchangeQuery(null, null, "k2", 10)))
                    .singleElement()
                    .satisfies(e -> assertThat(e.id()).isPositive())
                    .satisfies(e -> assertThat(e.recordKeys()).containsExactly("k1", "k2"));
            assertThat(store.definitions().list()).hasSize(1);
            assertThat(store.fingerprints().find("s", java.util.List.of("a", "b", "c"))).isEqualTo(Map.of("a", "1", "b", "2"));
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        JdbcStore store = JdbcStore.h2InMemory("twice-" + System.nanoTime());
        store.close();
        store.close();
    }

    @Test
    void aFileThatIsNotADirectoryCannotBeTheDataDirectory() throws Exception {
        Path file = Files.writeString(temp.resolve("plain-file"), "x");
        assertThatThrownBy(() -> JdbcStore.h2(file))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("could not create the data directory");
    }
}

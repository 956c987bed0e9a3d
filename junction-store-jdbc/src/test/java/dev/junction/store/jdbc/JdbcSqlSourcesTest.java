package dev.junction.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.JunctionException;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.connector.SecretResolver;
import dev.junction.spec.DatabaseSpec;
import dev.junction.spec.SyncSpec;
import dev.junction.spec.ValueRef;
import dev.junction.sync.RecordSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SQL source on an in-memory H2 database: pages of the fetch size, typed values, a bound checkpoint. */
class JdbcSqlSourcesTest {
    private final String url = "jdbc:h2:mem:source-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final Map<String, String> env = Map.of("DB_URL", url, "DB_USER", "sa", "DB_PASSWORD", "pw", "DB_SCHEMA", "analytics");
    private final SecretResolver secrets = new EnvSecretResolver(env::get);
    private Connection database;

    @BeforeEach
    void createTable() throws Exception {
        database = DriverManager.getConnection(url, "sa", "pw");
        try (Statement s = database.createStatement()) {
            s.execute("create table items (code varchar(20) primary key, qty integer, price decimal(8, 2), active boolean, seen date, doc json)");
            for (int i = 1; i <= 25; i++) {
                s.execute("insert into items values ('item-" + (char) ('a' + i) + "', " + i + ", " + i + ".25, " + (i % 2 == 0) + ", date '2026-03-0"
                        + (1 + i % 9) + "', '{\"n\": " + i + "}' format json)");
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        database.close();
    }

    private RecordSource source(String query, String cursor, int fetchSize) {
        SyncSpec.Sql sql = new SyncSpec.Sql(new ValueRef.Env("DB_URL"), new ValueRef.Env("DB_USER"), new ValueRef.Env("DB_PASSWORD"), query, cursor,
                "code", fetchSize);
        return new JdbcSqlSources(new ObjectMapper()).create("items-sync", sql, secrets);
    }

    @Test
    void readsRowsAsTypedRecordsInPagesOfTheFetchSize() {
        RecordSource source = source("select * from items order by qty", null, 10);
        RecordSource.Reader reader = source.open(null, "run-1");
        List<Integer> sizes = new ArrayList<>();
        List<JsonNode> all = new ArrayList<>();
        List<JsonNode> page;
        while ((page = reader.nextPage()) != null) {
            sizes.add(page.size());
            all.addAll(page);
        }

        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(all.get(2).toString()).isEqualTo("{\"code\":\"item-d\",\"qty\":3,\"price\":3.25,\"active\":false,\"seen\":\"2026-03-04\",\"doc\":{\"n\":3}}");
    }

    @Test
    void bindsTheCheckpointAsAParameterSoItCanNeverChangeTheQuery() {
        RecordSource source = source("select code, qty from items", "code", 100);

        assertThat(source.open("item-x", "run-1").nextPage()).extracting(r -> r.path("code").asText()).containsExactly("item-x", "item-y", "item-z");
        assertThat(source.open("zzz' or '1'='1", "run-2").nextPage()).isNull();
    }

    @Test
    void bindsTheTenantOfAPerTenantRunToEachTenantParameterBeforeTheCheckpoint() {
        SyncSpec.Sql sql = new SyncSpec.Sql(new ValueRef.Env("DB_URL"), new ValueRef.Env("DB_USER"), new ValueRef.Env("DB_PASSWORD"),
                "select code, qty from items where (:tenant = 'even' and mod(qty, 2) = 0) or (:tenant = 'odd' and mod(qty, 2) = 1)", "qty", "code", 100);
        JdbcSqlSources sources = new JdbcSqlSources(new ObjectMapper());

        assertThat(sources.create("items-sync", sql, secrets, "even").open("20", "run-1").nextPage()).extracting(r -> r.path("qty").asInt())
                .containsExactly(20, 22, 24);
        assertThat(sources.create("items-sync", sql, secrets, "odd").open("20", "run-2").nextPage()).extracting(r -> r.path("qty").asInt())
                .containsExactly(21, 23, 25);
        assertThat(sources.create("items-sync", sql, secrets, "x' or '1'='1").open(null, "run-3").nextPage()).isNull();
    }

    @Test
    void aNumericCursorIsComparedAsANumber() {
        RecordSource source = source("select code, qty from items", "qty", 100);

        assertThat(source.open("9", "run-1").nextPage()).extracting(r -> r.path("qty").asInt()).startsWith(9, 10, 11).hasSize(17);
    }

    @Test
    void anIncrementalReadIsSortedByItsCursorColumnSoItsCheckpointMayMoveAfterEachPage() {
        RecordSource incremental = source("select code, seen from items", "seen", 10);

        assertThat(incremental.sortedByCursor()).isTrue();
        List<String> read = new ArrayList<>(); // the rows were inserted in another order than seen's
        RecordSource.Reader reader = incremental.open(null, "run-1");
        for (List<JsonNode> page; (page = reader.nextPage()) != null; ) {
            page.forEach(r -> read.add(r.path("seen").asText()));
        }
        assertThat(read).hasSize(25).isSorted();
        assertThat(source("select code, seen from items", null, 10).sortedByCursor()).isFalse();
    }

    @Test
    void aCursorColumnTheQueryDoesNotReturnIsAClearError() {
        RecordSource source = source("select code, qty from items", "updated_at", 100);

        assertThatThrownBy(() -> source.open(null, "run-1")).isInstanceOf(JunctionException.class)
                .hasMessage("sync 'items-sync': the SQL query has no column 'updated_at' (its cursorColumn); columns: code, qty");
    }

    @Test
    void anUnsetReferenceNamesTheSyncAndTheField() {
        SyncSpec.Sql sql = new SyncSpec.Sql(new ValueRef.Env("NOT_SET"), null, null, "select 1", null, null, 10);

        assertThatThrownBy(() -> new JdbcSqlSources(new ObjectMapper()).create("items-sync", sql, secrets))
                .hasMessage("sync 'items-sync' source.sql.url: environment variable NOT_SET is not set");
    }

    private RecordSource through(DatabaseSpec database, String query, String cursor, Duration lookback) {
        SyncSpec.Sql sql = new SyncSpec.Sql(null, "warehouse", query, cursor, "code", 100, false, lookback).withDatabase(database);
        return new JdbcSqlSources(new ObjectMapper()).create("items-sync", sql, secrets);
    }

    @Test
    void aDateCursorMovesBackByTheLookbackRoundedUpToWholeDays() {
        DatabaseSpec database = new DatabaseSpec(new ValueRef.Env("DB_URL"), new ValueRef.Env("DB_USER"), new ValueRef.Env("DB_PASSWORD"));
        RecordSource source = through(database, "select code, seen from items", "seen", Duration.ofHours(25));

        // checkpoint 2026-03-09 less 25h, rounded up to 2 days: from 2026-03-07
        assertThat(source.open("2026-03-09", "run-1").nextPage()).extracting(r -> r.path("seen").asText()).containsOnly("2026-03-07", "2026-03-08",
                "2026-03-09").startsWith("2026-03-07");
    }

    @Test
    void theConnectionsSchemaIsTheSessionsAndItsPropertiesGoToTheDriver() throws Exception {
        try (Statement s = database.createStatement()) {
            s.execute("create schema \"analytics\"");
            s.execute("create table \"analytics\".items (code varchar(20))");
            s.execute("insert into \"analytics\".items values ('from-analytics')");
        }
        DatabaseSpec database = new DatabaseSpec(new ValueRef.Env("DB_URL"), new ValueRef.Env("DB_USER"), new ValueRef.Env("DB_PASSWORD"), new ValueRef.Literal("analytics"),
                Map.of("ACCESS_MODE_DATA", new ValueRef.Literal("r")));
        // a reference is resolved like the url's: "${env:DB_SCHEMA}" was once taken as the schema's name as written
        DatabaseSpec referenced = new DatabaseSpec(new ValueRef.Env("DB_URL"), new ValueRef.Env("DB_USER"), new ValueRef.Env("DB_PASSWORD"),
                new ValueRef.Env("DB_SCHEMA"), Map.of());

        assertThat(through(database, "select code from items", null, Duration.ZERO).open(null, "run-1").nextPage())
                .extracting(r -> r.path("code").asText()).containsExactly("from-analytics");
        assertThat(through(referenced, "select code from items", null, Duration.ZERO).open(null, "run-1").nextPage())
                .extracting(r -> r.path("code").asText()).containsExactly("from-analytics");
    }

    @Test
    void aConnectErrorShowsTheUrlWithoutThePasswordWhereverItWasWritten() {
        DatabaseSpec database = new DatabaseSpec(new ValueRef.Literal("jdbc:nosuchdb://alice:Sup3rSecret@db.internal/warehouse?password=Sup3rSecret"),
                new ValueRef.Literal("alice"), new ValueRef.Env("SECRET"));
        SecretResolver withSecret = new EnvSecretResolver(Map.of("SECRET", "Sup3rSecret")::get);
        SyncSpec.Sql sql = new SyncSpec.Sql(null, "warehouse", "select 1", null, null, 10, false, Duration.ZERO).withDatabase(database);

        assertThatThrownBy(() -> new JdbcSqlSources(new ObjectMapper()).create("items-sync", sql, withSecret).open(null, "run-1"))
                .isInstanceOf(JunctionException.class)
                .hasMessageStartingWith("sync 'items-sync': could not connect to the SQL source jdbc:nosuchdb://alice:***@db.internal/warehouse?password=***: ")
                .hasMessageNotContaining("Sup3rSecret");
    }

    @Test
    void anUnsetReferenceOfADatabaseConnectionNamesTheConnectionAndTheField() {
        DatabaseSpec database = new DatabaseSpec(new ValueRef.Env("DB_URL"), null, new ValueRef.Env("NOT_SET"));

        assertThatThrownBy(() -> through(database, "select 1", null, Duration.ZERO))
                .hasMessage("sync 'items-sync': connection 'warehouse' database.password: environment variable NOT_SET is not set");
    }
}

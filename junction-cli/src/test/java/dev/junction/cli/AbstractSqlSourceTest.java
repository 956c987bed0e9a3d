package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.sandbox.HelpdeskUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.sandbox.Faults;
import dev.junction.spec.SyncSpec;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import dev.junction.store.jdbc.JdbcStore;
import dev.junction.sync.CallOverlap;
import dev.junction.spec.ValueRef;
import dev.junction.store.jdbc.JdbcSqlSources;
import dev.junction.sync.ExpectedTotal;
import dev.junction.sync.RecordSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SQL query as a sync's source, end to end through {@code junction run} into the sandbox
 * Helpdesk: rows become records, an incremental run reads only rows changed since the checkpoint,
 * and a query the database refuses fails the run with the database's reason. One subclass per
 * database.
 */
abstract class AbstractSqlSourceTest extends SourceDatabaseTest {
    private static final String SYNC = "customers-to-helpdesk";
    private static final LocalDateTime FIRST = LocalDateTime.of(2026, 1, 1, 9, 0);

    private final ObjectMapper json = new ObjectMapper();

    /** What the database says about {@code select * from no_such_table}, as the start of its message. */
    protected abstract String missingTableMessage();

    /** A query the database reads but cannot count as a derived table ({@code select count(*) from (QUERY) q}). */
    protected abstract String uncountableQuery();

    @BeforeEach
    void createCustomers() throws Exception {
        try (Statement create = database.createStatement()) {
            create.execute("create table customers (id varchar(20) primary key, email varchar(100) not null, full_name varchar(100),"
                    + " tier varchar(10), vip boolean, credit numeric(10, 2), visits integer, updated_at " + source.timestampType() + " not null)");
        }
        for (int i = 1; i <= 25; i++) {
            insert(i, FIRST.plusMinutes(i));
        }
    }

    private void insert(int i, LocalDateTime updatedAt) throws SQLException {
        try (PreparedStatement insert = database.prepareStatement("insert into customers values (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, "cust-" + i);
            insert.setString(2, "customer" + i + "@example.com");
            insert.setString(3, "Customer " + i);
            insert.setString(4, i % 3 == 0 ? "gold" : "bronze");
            insert.setBoolean(5, i % 2 == 0);
            insert.setBigDecimal(6, new java.math.BigDecimal(i + ".50"));
            insert.setInt(7, i * 10);
            insert.setObject(8, source.timestamp(updatedAt));
            insert.executeUpdate();
        }
    }

    private void applySync(String mode, String query) throws Exception {
        String text = """
                kind: Sync
                name: customers-to-helpdesk
                source:
                  sql:
                    url: "${env:WAREHOUSE_URL}"
                    user: "${env:WAREHOUSE_USER}"
                    password: "${env:WAREHOUSE_PASSWORD}"
                    query: %s
                    cursorColumn: updated_at
                    primaryKey: id
                    fetchSize: 10
                  mode: %s
                destination: { connection: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping:
                  external_id: id
                  email: email
                  name: full_name
                  priority: { from: tier, values: { gold: 1, silver: 2, bronze: 3 }, default: 3 }
                  profile.vip: vip
                  profile.credit: credit
                  profile.visits: visits
                  profile.updated_at: updated_at
                """.formatted(query, mode);
        Path file = work.resolve("customers.sync.yaml");
        Files.writeString(file, text);
        CliRunner.Result applied = cli.run("apply", file.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    private JsonNode run() throws Exception {
        CliRunner.Result run = cli.run("run", SYNC, "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return json.readTree(run.out()).path("counters");
    }

    @Test
    void anIncrementalQueryWritesEveryRowThenOnlyTheRowsChangedSinceTheCheckpoint() throws Exception {
        applySync("incremental", "select id, email, full_name, tier, vip, credit, visits, updated_at from customers");

        JsonNode first = run();

        assertThat(first.path("read").asLong()).isEqualTo(25);
        assertThat(first.path("inserted").asLong()).isEqualTo(25);
        HelpdeskUser third = sandbox.helpdesk().userByExternalId("cust-3").orElseThrow();
        assertThat(third.email()).isEqualTo("customer3@example.com");
        assertThat(third.name()).isEqualTo("Customer 3");
        assertThat(third.priority()).isEqualTo(1);
        assertThat(third.profile().get("vip")).isEqualTo(false);
        assertThat(((Number) third.profile().get("credit")).doubleValue()).isEqualTo(3.5);
        assertThat(((Number) third.profile().get("visits")).intValue()).isEqualTo(30);
        assertThat(third.profile().get("updated_at")).isEqualTo("2026-01-01T09:03:00Z");

        try (Statement change = database.createStatement()) {
            change.executeUpdate("update customers set full_name = 'Renamed', updated_at = updated_at + interval '1' hour where id in ('cust-4', 'cust-7')");
        }
        insert(26, FIRST.plusHours(2));

        JsonNode second = run();

        // the row at the checkpoint is read again and found unchanged: rows sharing a cursor value are never skipped
        assertThat(second.path("read").asLong()).isEqualTo(4);
        assertThat(second.path("inserted").asLong()).isEqualTo(1);
        assertThat(second.path("updated").asLong()).isEqualTo(2);
        assertThat(second.path("unchanged").asLong()).isEqualTo(1);
        assertThat(sandbox.helpdesk().userByExternalId("cust-7").orElseThrow().name()).isEqualTo("Renamed");
        assertThat(sandbox.helpdesk().userCount()).isEqualTo(26);
        assertThat(sandbox.helpdesk().writeCountsByKey()).hasSize(26)
                .allSatisfy((key, n) -> assertThat(n).as(key).isEqualTo(key.equals("cust-4") || key.equals("cust-7") ? 2 : 1));
    }

    @Test
    void aFullQueryReadsEveryRowEachRunAndSkipsTheUnchangedOnes() throws Exception {
        applySync("full", "select * from customers where tier = 'gold';");

        assertThat(run().path("inserted").asLong()).isEqualTo(8);
        JsonNode again = run();

        assertThat(again.path("read").asLong()).isEqualTo(8);
        assertThat(again.path("unchanged").asLong()).isEqualTo(8);
        assertThat(sandbox.helpdesk().userCount()).isEqualTo(8);
    }

    @Test
    void aQueryTheDatabaseRefusesFailsTheRunNamingTheSyncAndTheDatabaseMessage() throws Exception {
        applySync("incremental", "select * from no_such_table");

        CliRunner.Result run = cli.run("run", SYNC, "--json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        JsonNode result = json.readTree(run.out());
        assertThat(result.path("status").asText()).isEqualTo("failed");
        assertThat(result.path("error").asText()).startsWith("sync 'customers-to-helpdesk': the SQL query failed: " + missingTableMessage());
        assertThat(sandbox.helpdesk().ledger()).isEmpty();
    }

    private RecordSource.Reader open(String query, String cursor, boolean count, String checkpoint) {
        SyncSpec.Sql sql = new SyncSpec.Sql(new ValueRef.Env("URL"), new ValueRef.Env("USER"), new ValueRef.Env("PASSWORD"), query, cursor, "id", 5,
                count);
        Map<String, String> env = Map.of("URL", source.url(), "USER", source.user(), "PASSWORD", source.password());
        return new JdbcSqlSources(json).create(SYNC, sql, new EnvSecretResolver(env::get)).open(checkpoint, "run-1");
    }

    @Test
    void aReadCountsItsRowsBesideItForTheEtaWithTheSameCheckpoint() {
        RecordSource.Reader full = open("select * from customers", null, true, null);
        await("the count of a full read").atMost(Duration.ofSeconds(30)).until(full::expected, Objects::nonNull);
        assertThat(full.expected()).isEqualTo(new ExpectedTotal(25, ExpectedTotal.Basis.QUERY_COUNT));
        assertThat(full.nextPage()).hasSize(5);

        RecordSource.Reader changed = open("select id, updated_at from customers", "updated_at", true, "2026-01-01T09:20:00Z");
        await("the count of an incremental read").atMost(Duration.ofSeconds(30)).until(changed::expected, Objects::nonNull);
        assertThat(changed.expected()).isEqualTo(new ExpectedTotal(6, ExpectedTotal.Basis.QUERY_COUNT));
        assertThat(drain(changed)).isEqualTo(6);
    }

    @Test
    void withoutCountOrWhenTheCountFailsTheTotalIsUnknownAndTheReadGoesOn() {
        RecordSource.Reader uncounted = open("select * from customers", null, false, null);
        assertThat(drain(uncounted)).isEqualTo(25);
        assertThat(uncounted.expected()).isNull();

        RecordSource.Reader uncountable = open(uncountableQuery(), null, true, null);
        assertThat(drain(uncountable)).isPositive();
        assertThat(uncountable.expected()).isNull();
    }

    private static int drain(RecordSource.Reader reader) {
        int rows = 0;
        for (List<JsonNode> page = reader.nextPage(); page != null; page = reader.nextPage()) {
            rows += page.size();
        }
        return rows;
    }

    @Test
    void theNextPagesWritesStartWhileTheLastOnesOfAPageAreInFlightAndTheCheckpointEndsPastEveryRow() throws Exception {
        applySync("incremental", "select id, email, full_name, tier, vip, credit, visits, updated_at from customers");
        // latency on each Helpdesk call: a page's call is still in flight when the next page's is sent
        sandbox.helpdesk().setFaults(Faults.NONE.withLatency(Duration.ofMillis(400)));

        CliRunner.Result run = cli.run("run", SYNC, "--json");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        JsonNode result = json.readTree(run.out());
        assertThat(result.path("counters").path("inserted").asLong()).isEqualTo(25);
        assertThat(sandbox.helpdesk().writeCountsByKey()).hasSize(25).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
        try (JdbcStore store = JdbcStore.h2(dataDir)) {
            List<ExchangeRecord> calls = store.exchanges().find(ExchangeQuery.forRun(result.path("id").asText())).stream()
                    .filter(e -> e.url().endsWith("/api/users/batch")).toList();
            assertThat(calls).as("pages of 10 rows, one call each").hasSize(3);
            // batch.concurrency 2, one call per page: two at once only when pages overlap
            assertThat(CallOverlap.mostAtOnce(calls)).isEqualTo(2);
            assertThat(store.checkpoints().find(SYNC, "sql", "")).hasValue("2026-01-01T09:25:00Z");
        }
    }
}

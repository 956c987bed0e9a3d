package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A SQL source reading through a named database connection, end to end through
 * {@code junction apply} and {@code junction run} into the sandbox Helpdesk: the connection's
 * schema is the session's, its password is never stored, and an incremental read with a lookback
 * picks up a row that arrived late below the checkpoint. One subclass per database.
 */
abstract class AbstractDatabaseConnectionTest extends SourceDatabaseTest {
    private static final String SYNC = "warehouse-to-helpdesk";
    private static final LocalDateTime FIRST = LocalDateTime.of(2026, 1, 1, 9, 0);
    private static final String CONNECTION = """
            kind: Connection
            name: warehouse
            database:
              url: "${env:WAREHOUSE_URL}"
              user: "${env:WAREHOUSE_USER}"
              password: "${env:WAREHOUSE_PASSWORD}"
              schema: analytics
            """;

    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void createCustomers() throws Exception {
        try (Statement create = database.createStatement()) {
            create.execute("create schema \"analytics\"");
            create.execute("create table \"analytics\".customers (id varchar(20) primary key, email varchar(100) not null, visits integer,"
                    + " updated_at " + source.timestampType() + " not null)");
        }
        for (int i = 1; i <= 25; i++) {
            insert(i, FIRST.plusMinutes(i));
        }
    }

    private void insert(int i, LocalDateTime updatedAt) throws SQLException {
        try (PreparedStatement insert = database.prepareStatement("insert into \"analytics\".customers values (?, ?, ?, ?)")) {
            insert.setString(1, "cust-" + i);
            insert.setString(2, "customer" + i + "@example.com");
            insert.setInt(3, i * 10);
            insert.setObject(4, source.timestamp(updatedAt));
            insert.executeUpdate();
        }
    }

    /** Applies the connection and a sync reading {@code sql} (the inside of {@code source.sql}) through it. */
    private void apply(String sql) throws Exception {
        Path file = work.resolve("warehouse.yaml");
        Files.writeString(file, CONNECTION + "---\n" + """
                kind: Sync
                name: warehouse-to-helpdesk
                source:
                  connection: warehouse
                  sql: { %s }
                  mode: incremental
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping: { external_id: id, email: email, profile.visits: visits }
                """.formatted(sql));
        CliRunner.Result applied = cli.run("apply", file.toString());
        assertThat(applied.exitCode()).as(applied.toString()).isZero();
    }

    private JsonNode run() throws Exception {
        CliRunner.Result run = cli.run("run", SYNC, "--json");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return json.readTree(run.out()).path("counters");
    }

    @Test
    void aSyncReadsTheTablesOfItsDatabaseConnectionsSchemaEndToEnd() throws Exception {
        apply("query: \"select id, email, visits, updated_at from customers\", cursorColumn: updated_at");

        JsonNode counters = run();

        assertThat(counters.path("read").asLong()).isEqualTo(25);
        assertThat(counters.path("inserted").asLong()).isEqualTo(25);
        assertThat(sandbox.helpdesk().userByExternalId("cust-7").orElseThrow().email()).isEqualTo("customer7@example.com");
        CliRunner.Result health = cli.run("connectors", "health");
        assertThat(health.out()).contains("warehouse").contains("(database)");
    }

    @Test
    void theDatabasePasswordIsInNoRowOfTheStoreOnlyItsReference() throws Exception {
        apply("query: \"select id, email, visits, updated_at from customers\", cursorColumn: updated_at");
        run();

        List<String> rows = storeRows();

        assertThat(rows).as("rows of every table of the store").isNotEmpty().noneMatch(row -> row.contains(source.password()));
        assertThat(rows).anyMatch(row -> row.contains("password: \"${env:WAREHOUSE_PASSWORD}\""));
    }

    /** Every row of every table of the CLI's H2 store, its columns as text. */
    private List<String> storeRows() throws SQLException {
        List<String> rows = new ArrayList<>();
        String url = "jdbc:h2:file:" + dataDir.resolve("junction") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        try (Connection store = DriverManager.getConnection(url, "sa", ""); Statement statement = store.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet t = statement.executeQuery("select table_name from information_schema.tables where table_schema = 'public'")) {
                while (t.next()) {
                    tables.add(t.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet r = statement.executeQuery("select * from \"" + table + "\"")) {
                    while (r.next()) {
                        StringBuilder row = new StringBuilder(table);
                        for (int c = 1; c <= r.getMetaData().getColumnCount(); c++) {
                            row.append(" | ").append(r.getString(c));
                        }
                        rows.add(row.toString());
                    }
                }
            }
        }
        return rows;
    }

    @Test
    void aLookbackReadsARowThatArrivedLateJustBelowTheCheckpoint() throws Exception {
        apply("query: \"select id, email, visits, updated_at from customers\", cursorColumn: updated_at, lookback: 10m");
        assertThat(run().path("inserted").asLong()).isEqualTo(25); // checkpoint 09:25
        insert(26, FIRST.plusMinutes(20)); // committed late, its cursor 5 minutes below the checkpoint

        JsonNode second = run();

        // from 09:15: cust-15 to cust-25 again, unchanged by their fingerprints, and the late row
        assertThat(second.path("read").asLong()).isEqualTo(12);
        assertThat(second.path("inserted").asLong()).isEqualTo(1);
        assertThat(second.path("unchanged").asLong()).isEqualTo(11);
        assertThat(sandbox.helpdesk().userByExternalId("cust-26")).isPresent();
        assertThat(sandbox.helpdesk().writeCountsByKey()).hasSize(26).allSatisfy((key, n) -> assertThat(n).as(key).isOne());
    }

    @Test
    void withoutALookbackARowThatArrivedLateBelowTheCheckpointIsMissed() throws Exception {
        apply("query: \"select id, email, visits, updated_at from customers\", cursorColumn: updated_at");
        run();
        insert(26, FIRST.plusMinutes(20));

        JsonNode second = run();

        assertThat(second.path("read").asLong()).as("only the row at the checkpoint").isEqualTo(1);
        assertThat(second.path("inserted").asLong()).isZero();
        assertThat(sandbox.helpdesk().userByExternalId("cust-26")).isEmpty();
    }

    @Test
    void aLookbackOnANumericCursorFailsTheFirstRunNamingTheColumnAndItsType() throws Exception {
        apply("query: \"select id, email, visits from customers\", cursorColumn: visits, lookback: 1h");

        CliRunner.Result run = cli.run("run", SYNC, "--json");

        assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
        assertThat(json.readTree(run.out()).path("error").asText()).matches("sync 'warehouse-to-helpdesk' source.sql.lookback: a lookback needs a"
                + " timestamp or date cursor column, but cursor column 'visits' is (?i)(integer|int4); remove lookback, or make cursorColumn a"
                + " timestamp column");
        assertThat(sandbox.helpdesk().ledger()).isEmpty();
    }

    @Test
    void validateRefusesAnUnknownConnectionAndAnInlineUrlBesideANamedConnectionWithoutConnecting() throws Exception {
        Path file = work.resolve("bad.yaml");
        Files.writeString(file, CONNECTION + "---\n" + """
                kind: Sync
                name: unknown-connection
                source: { connection: warehose, sql: { query: select 1 as id } }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping: { external_id: id }
                ---
                kind: Sync
                name: both
                source: { connection: warehouse, sql: { url: "jdbc:h2:mem:other", query: select 1 as id } }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping: { external_id: id }
                """);

        CliRunner.Result validate = cli.run("validate", EXAMPLES.toString(), file.toString());

        assertThat(validate.exitCode()).as(validate.toString()).isEqualTo(2);
        assertThat(validate.out() + validate.err())
                .contains("bad.yaml:11:23 source.connection: unknown connection 'warehose'; did you mean 'warehouse'? (loaded database connections:"
                        + " warehouse); a SQL source names a connection with database: { url, ... }")
                .contains("bad.yaml:17:46 source.sql.url: expected either source.connection (a database connection, which gives url, user and"
                        + " password) or inline sql.url, sql.user and sql.password, found both; remove sql.url or source.connection");
    }
}

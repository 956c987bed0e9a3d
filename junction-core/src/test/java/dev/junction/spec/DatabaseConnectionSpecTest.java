package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database connection ({@code kind: Connection} with {@code database:}), a SQL source naming it
 * ({@code source: { connection, sql }}), and a SQL source's {@code lookback}: what they read into,
 * and the problems they report.
 */
class DatabaseConnectionSpecTest {
    private static final String WAREHOUSE = """
            kind: Connection
            name: warehouse
            database:
              url: "${env:WAREHOUSE_URL}"
              user: reporting
              password: "${env:WAREHOUSE_PASSWORD}"
              schema: analytics
              properties: { ApplicationName: junction, sslpassword: "${file:/run/secrets/ssl}" }
            """;

    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String connection, String source) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
        texts.add(new SourceText("db.yaml", connection));
        texts.add(new SourceText("case.yaml", """
                kind: Sync
                name: warehouse-to-helpdesk
                source:
                %s
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                """.formatted(source.indent(2).stripTrailing())));
        return loader.loadTexts(texts);
    }

    private List<String> problems(String connection, String source) {
        return load(connection, source).problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void readsADatabaseConnectionAndASqlSourceThatNamesIt() {
        LoadResult result = load(WAREHOUSE, """
                connection: warehouse
                sql: { query: "select id, updated_at from customers", cursorColumn: updated_at, lookback: 10m }
                mode: incremental""");

        assertThat(result.problems()).isEmpty();
        ConnectionSpec warehouse = result.connections().get("warehouse");
        assertThat(warehouse.isDatabase()).isTrue();
        assertThat(warehouse.connector()).isNull();
        assertThat(warehouse.database()).isEqualTo(new DatabaseSpec(new ValueRef.Env("WAREHOUSE_URL"), new ValueRef.Literal("reporting"),
                new ValueRef.Env("WAREHOUSE_PASSWORD"), new ValueRef.Literal("analytics"),
                Map.of("ApplicationName", new ValueRef.Literal("junction"), "sslpassword", new ValueRef.File("/run/secrets/ssl"))));
        SyncSpec.Source source = result.syncs().get("warehouse-to-helpdesk").source();
        assertThat(source.connection()).as("a stream's connection: none").isNull();
        assertThat(source.sql().connection()).isEqualTo("warehouse");
        assertThat(source.sql().database()).as("bound when the sync is planned").isNull();
        assertThat(source.sql().lookback()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void anUnknownConnectionIsNamedWithTheDatabaseConnectionsThatAreLoaded() {
        assertThat(problems(WAREHOUSE, "connection: warehous\nsql: { query: select 1 as id }")).containsExactly(
                "case.yaml:4:15 source.connection: unknown connection 'warehous'; did you mean 'warehouse'? (loaded database connections: warehouse);"
                        + " a SQL source names a connection with database: { url, ... }");
    }

    @Test
    void aConnectionOfAConnectorIsNotADatabase() {
        assertThat(problems(WAREHOUSE, "connection: helpdesk\nsql: { query: select 1 as id }")).containsExactly(
                "case.yaml:4:15 source.connection: connection 'helpdesk' is a connection of connector 'helpdesk', not a database connection;"
                        + " a SQL source names a connection with database: { url, ... } (database connections: warehouse)");
    }

    @Test
    void aStreamOrAnActionCannotUseADatabaseConnection() {
        assertThat(problems(WAREHOUSE, "connection: warehouse\nstream: contacts")).containsExactly(
                "case.yaml:4:15 source.connection: connection 'warehouse' is a database connection; only a SQL source (source: { connection:"
                        + " warehouse, sql: { query: ... } }) reads through it, a stream or an action needs a connection of a connector");
    }

    @Test
    void namingAConnectionAndAnInlineDatabaseIsRefusedAtEachInlineKey() {
        assertThat(problems(WAREHOUSE, "connection: warehouse\nsql: { url: \"jdbc:h2:mem:x\", query: select 1 as id }")).containsExactly(
                "case.yaml:5:15 source.sql.url: expected either source.connection (a database connection, which gives url, user and password)"
                        + " or inline sql.url, sql.user and sql.password, found both; remove sql.url or source.connection");
    }

    @Test
    void aSqlSourceWithNeitherAConnectionNorAUrlSaysItNeedsOne() {
        assertThat(problems(WAREHOUSE, "sql: { query: select 1 as id }")).containsExactly(
                "case.yaml:4:3 source.sql: missing required key 'url' (or name a database connection with source.connection)");
    }

    @Test
    void aDatabaseConnectionTakesNoConnectorKeysAndItsPasswordMustBeAReference() {
        assertThat(problems("""
                kind: Connection
                name: warehouse
                connector: helpdesk
                secrets: { token: "${env:T}" }
                database: { url: "jdbc:h2:mem:x", password: hunter2 }
                """, "connection: warehouse\nsql: { query: select 1 as id }")).containsExactly(
                "db.yaml:4:10 secrets: a database connection takes no secrets; its settings go under database: { url, user, password, schema,"
                        + " properties }",
                "db.yaml:5:11 database: expected either connector (a connection to an API) or database (a connection to a database that SQL sources"
                        + " read), found both",
                "db.yaml:5:45 database.password: an inline secret value is not allowed; write a reference such as \"${env:WAREHOUSE_PASSWORD}\""
                        + " or \"${file:/path/to/password}\" (or make the connection through the API, which keeps the value encrypted in the store)");
    }

    @Test
    void aLookbackNeedsAnIncrementalRead() {
        assertThat(problems(WAREHOUSE, "connection: warehouse\nsql: { query: select 1 as id, lookback: 1h }")).containsExactly(
                "case.yaml:5:43 source.sql.lookback: a lookback applies to mode incremental (it moves the checkpoint's start back);"
                        + " set source.mode: incremental or remove lookback");
        assertThat(problems(WAREHOUSE, "connection: warehouse\nsql: { query: select 1 as id, cursorColumn: id, lookback: soon }\nmode: incremental"))
                .containsExactly("case.yaml:5:61 source.sql.lookback: expected a duration such as 500ms, 2s, 1m or 1h, found 'soon'");
    }

    @Test
    void aPasswordWrittenIntoALiteralUrlIsRefusedWithoutRepeatingIt() {
        assertThat(problems("""
                kind: Connection
                name: warehouse
                database: { url: "jdbc:postgresql://db/w?user=r&password=hunter2" }
                """, "connection: warehouse\nsql: { query: select 1 as id }")).containsExactly(
                "db.yaml:3:18 database.url: the URL holds a password, which would be stored as written; move it to password:"
                        + " \"${env:WAREHOUSE_PASSWORD}\", or make the whole url a reference such as \"${env:WAREHOUSE_URL}\" (the URL is not"
                        + " repeated here)");
        assertThat(problems(WAREHOUSE, "sql: { url: \"jdbc:mysql://reporting:hunter2@db/w\", query: select 1 as id }")).singleElement().asString()
                .startsWith("case.yaml:4:15 source.sql.url: the URL holds a password").doesNotContain("hunter2");
    }
}

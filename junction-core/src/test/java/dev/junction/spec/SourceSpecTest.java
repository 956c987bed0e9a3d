package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code source: { sql: ... }} and {@code source: { file: ... }}: what they read into, and the problems they report. */
class SourceSpecTest {
    private final SpecLoader loader = new SpecLoader();

    private LoadResult load(String source) {
        List<SourceText> texts = new ArrayList<>(SpecLoaderProblemsTest.validFixtures());
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

    private List<String> problems(String source) {
        return load(source).problems().stream().map(SpecProblem::toString).toList();
    }

    @Test
    void readsAQueryWithReferencesACursorAndAFetchSize() {
        LoadResult result = load("""
                sql:
                  url: "${env:WAREHOUSE_URL}"
                  user: reporting
                  password: "${file:/run/secrets/warehouse}"
                  query: select id, email, updated_at from customers
                  cursorColumn: updated_at
                  primaryKey: id
                  fetchSize: 500
                mode: incremental""");

        assertThat(result.problems()).isEmpty();
        SyncSpec.Source source = result.syncs().get("warehouse-to-helpdesk").source();
        assertThat(source.connection()).isNull();
        assertThat(source.mode()).isEqualTo(SyncSpec.ReadMode.INCREMENTAL);
        assertThat(source.sql()).isEqualTo(new SyncSpec.Sql(new ValueRef.Env("WAREHOUSE_URL"), new ValueRef.Literal("reporting"),
                new ValueRef.File("/run/secrets/warehouse"), "select id, email, updated_at from customers", "updated_at", "id", 500));
    }

    @Test
    void theFetchSizeDefaultsToAThousandRows() {
        LoadResult result = load("sql: { url: \"jdbc:h2:mem:x\", query: select 1 as id }");

        assertThat(result.problems()).isEmpty();
        assertThat(result.syncs().get("warehouse-to-helpdesk").source().sql().fetchSize()).isEqualTo(1000);
    }

    @Test
    void countingTheRowsForTheEtaIsOnUnlessTurnedOffWithABoolean() {
        assertThat(load("sql: { url: \"jdbc:h2:mem:x\", query: select 1 as id }").syncs().get("warehouse-to-helpdesk").source().sql().count()).isTrue();
        assertThat(load("sql: { url: \"jdbc:h2:mem:x\", query: select 1 as id, count: false }").syncs().get("warehouse-to-helpdesk").source().sql()
                .count()).isFalse();
        assertThat(problems("sql: { url: \"jdbc:h2:mem:x\", query: select 1 as id, count: maybe }")).singleElement().asString()
                .contains("source.sql.count: expected true or false");
    }

    @Test
    void anIncrementalQueryNeedsACursorColumn() {
        assertThat(problems("sql: { url: \"jdbc:h2:mem:x\", query: select 1 }\nmode: incremental"))
                .containsExactly("case.yaml:4:3 source.sql: missing required key 'cursorColumn' (mode is incremental: the column whose highest value becomes the checkpoint)");
    }

    @Test
    void thePasswordMustBeAReference() {
        assertThat(problems("sql: { url: \"jdbc:h2:mem:x\", password: hunter2, query: select 1 }"))
                .containsExactly("case.yaml:4:42 source.sql.password: an inline secret value is not allowed; write a reference such as \"${env:WAREHOUSE_TO_HELPDESK_DB_PASSWORD}\""
                        + " or \"${file:/path/to/password}\" (or make the connection through the API, which keeps the value encrypted in the store)");
    }

    @Test
    void aCursorColumnMustBeAPlainColumnName() {
        assertThat(problems("sql: { url: \"jdbc:h2:mem:x\", query: select 1, cursorColumn: \"id; drop table x\" }\nmode: incremental"))
                .containsExactly("case.yaml:4:63 source.sql.cursorColumn: expected a column name of the query (letters, digits and '_'), found 'id; drop table x'");
    }

    @Test
    void aSourceIsAStreamOrAQueryNotBoth() {
        assertThat(problems("connection: crm\nstream: contacts\nsql: { url: \"jdbc:h2:mem:x\", query: select 1 }"))
                .containsExactly("case.yaml:4:15 source.connection: connection 'crm' is a connection of connector 'acme-crm', not a database connection;"
                                + " a SQL source names a connection with database: { url, ... }",
                        "case.yaml:5:11 source.stream: a source reads one of a connector stream (connection or connector, and stream), a SQL query (sql) or a file (file)",
                        "case.yaml:6:15 source.sql.url: expected either source.connection (a database connection, which gives url, user and password) or"
                                + " inline sql.url, sql.user and sql.password, found both; remove sql.url or source.connection");
    }

    @Test
    void aFileSourceTakesItsFormatFromTheNameOrFromFormat() {
        LoadResult result = load("file: { path: data/customers.ndjson, primaryKey: id }");

        assertThat(result.problems()).isEmpty();
        assertThat(result.syncs().get("warehouse-to-helpdesk").source().file())
                .isEqualTo(new SyncSpec.File("data/customers.ndjson", SyncSpec.FileFormat.JSONL, "id", ','));
        assertThat(load("file: { path: export.txt, format: csv, delimiter: \";\" }").syncs().get("warehouse-to-helpdesk").source().file())
                .isEqualTo(new SyncSpec.File("export.txt", SyncSpec.FileFormat.CSV, null, ';'));
    }

    @Test
    void aFileSourceTakesAnEncodingByNameOrAliasAndReportsAnUnknownOne() {
        assertThat(load("file: { path: export.csv, encoding: windows-1252 }").syncs().get("warehouse-to-helpdesk").source().file().encoding())
                .isEqualTo(java.nio.charset.Charset.forName("windows-1252"));
        assertThat(load("file: { path: export.csv, encoding: latin1 }").syncs().get("warehouse-to-helpdesk").source().file().encoding())
                .isEqualTo(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(load("file: { path: export.csv }").syncs().get("warehouse-to-helpdesk").source().file().encoding())
                .isEqualTo(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(problems("file: { path: export.csv, encoding: excel }")).containsExactly(
                "case.yaml:4:39 source.file.encoding: unknown encoding 'excel'; expected a charset name such as UTF-8, windows-1252, ISO-8859-1,"
                        + " UTF-16 or Shift_JIS");
    }

    @Test
    void aFileSourceReportsAnUnknownFormat() {
        assertThat(problems("file: { path: export.txt }")).containsExactly(
                "case.yaml:4:3 source.file: missing required key 'format' (the name 'export.txt' does not end in .csv, .jsonl or .ndjson; expected one of: csv, jsonl)");
    }

    @Test
    void anIncrementalFileSourceTakesACursorFieldAndALookback() {
        LoadResult result = load("file: { path: data/customers.csv, cursorField: updated_at, lookback: 10m }\nmode: incremental");

        assertThat(result.problems()).isEmpty();
        assertThat(result.syncs().get("warehouse-to-helpdesk").source().file()).isEqualTo(new SyncSpec.File("data/customers.csv",
                SyncSpec.FileFormat.CSV, null, ',', "updated_at", java.time.Duration.ofMinutes(10)));
    }

    @Test
    void anIncrementalFileSourceWithoutACursorFieldAndALookbackInModeFullAreLoadProblems() {
        assertThat(problems("file: { path: data/customers.csv }\nmode: incremental")).containsExactly(
                "case.yaml:4:3 source.file: missing required key 'cursorField' (mode is incremental: the field of the file's records whose highest"
                        + " value becomes the checkpoint)");
        assertThat(problems("file: { path: data/customers.csv, cursorField: updated_at, lookback: 10m }")).containsExactly(
                "case.yaml:4:72 source.file.lookback: a lookback applies to mode incremental (it moves the checkpoint's start back); set"
                        + " source.mode: incremental or remove lookback");
    }
}

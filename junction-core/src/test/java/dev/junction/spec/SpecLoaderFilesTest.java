package dev.junction.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files, directories, multi-document texts and what a result offers. */
class SpecLoaderFilesTest {
    private final SpecLoader loader = new SpecLoader();

    private static final String CONNECTOR = """
            kind: Connector
            name: c
            baseUrl: http://localhost
            streams:
              s: { request: { path: /s }, records: $, primaryKey: id }
            """;

    @Test
    void reportsAMissingPathAsAProblemAndStillLoadsTheOthers(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("c.yaml"), CONNECTOR);
        Path missing = dir.resolve("nope.yaml");

        LoadResult result = loader.load(List.of(missing, dir));

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(missing + ": no such file or directory");
        assertThat(result.connectors()).containsOnlyKeys("c");
    }

    @Test
    void walksDirectoriesRecursivelyForYamlAndYmlFilesOnlyInSortedOrder(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("b/deeper"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("b/deeper/z.yml"), "kind: Connection\nname: n2\nconnector: c\n");
        Files.writeString(dir.resolve("a.yaml"), CONNECTOR);
        Files.writeString(dir.resolve("b/m.yaml"), "kind: Connection\nname: n1\nconnector: c\n");
        Files.writeString(dir.resolve("readme.md"), "kind: nonsense");
        Files.writeString(dir.resolve(".git/x.yaml"), "kind: nonsense");

        LoadResult result = loader.load(List.of(dir));

        assertThat(result.problems()).isEmpty();
        assertThat(result.specs()).extracting(s -> s.source().origin()).containsExactly(
                dir.resolve("a.yaml").toString(), dir.resolve("b/deeper/z.yml").toString(), dir.resolve("b/m.yaml").toString());
    }

    @Test
    void loadsAFileNamedTwiceOnlyOnce(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("c.yaml"), CONNECTOR);

        LoadResult result = loader.load(List.of(file, dir));

        assertThat(result.problems()).isEmpty();
        assertThat(result.specs()).hasSize(1);
    }

    @Test
    void reportsAFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("bad.yaml"), new byte[] {'k', ':', ' ', (byte) 0xC3, (byte) 0x28});

        assertThat(loader.load(List.of(file)).problems()).extracting(SpecProblem::toString).containsExactly(file + ": not UTF-8 text");
    }

    @Test
    void readsEveryDocumentOfAFileAndNumbersLinesInTheWholeFile() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("all.yaml", """
                # leading comment
                ---
                %s---
                # a document of comments only is skipped
                ---
                kind: Connection
                name: n
                connector: c
                ...
                --- {kind: Connection, name: m, connector: c}
                ---
                kind: Connection
                name: [broken
                ---
                kind: Connection
                name: q
                connector: nope
                """.formatted(CONNECTOR))));

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "all.yaml:19:1: invalid YAML: expected ',' or ']', but found the end of the document (while parsing a flow sequence that started at line 18, column 7)",
                "all.yaml:22:12 connector: unknown connector 'nope' (loaded connectors: c)");
        assertThat(result.specs()).extracting(s -> s.kind() + "/" + s.name()).containsExactly("Connector/c", "Connection/n", "Connection/m");
        assertThat(result.connections().get("n").location()).isEqualTo(new SourceLocation("all.yaml", 11, 1));
    }

    @Test
    void everyConnectionOfAMultiDocumentFileIsPlacedOnItsOwnLines() {
        String connections = """
                # the connections of this workspace
                kind: Connection
                name: first
                connector: c
                ---
                kind: Connection
                name: second
                connector: c
                tenant: acme
                ---
                # the third one has two mistakes
                kind: Connection
                name: third
                connector: nope
                environment: production
                retires: 3
                """;

        LoadResult result = loader.loadTexts(List.of(new SourceText("a.yaml", CONNECTOR), new SourceText("connections.yaml", connections)));

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "connections.yaml:14:12 connector: unknown connector 'nope' (loaded connectors: c)",
                "connections.yaml:16:1 retires: unknown key (allowed: kind, name, connector, tenant, environment, config, secrets,"
                        + " mappingOverrides, database, primary, rateLimit, retry, timeouts, exchangeLog, proxy)");

        LoadResult fixed = loader.loadTexts(List.of(new SourceText("a.yaml", CONNECTOR),
                new SourceText("connections.yaml", connections.replace("connector: nope", "connector: c").replace("retires: 3\n", ""))));
        assertThat(fixed.problems()).isEmpty();
        assertThat(fixed.connections().values()).extracting(c -> c.name() + " " + c.location()).containsExactly(
                "first connections.yaml:2:1", "second connections.yaml:6:1", "third connections.yaml:12:1");
        assertThat(fixed.specs()).extracting(LoadedSpec::lineOffset).containsExactly(0, 0, 5, 10);

        // each document stored on its own and loaded again with its offset keeps its lines, problems included
        List<SourceText> stored = fixed.specs().stream()
                .map(s -> new SourceText(s.source().origin() + " (applied)", s.documentText(), false, s.lineOffset())).toList();
        LoadResult again = loader.loadTexts(stored);
        assertThat(again.problems()).isEmpty();
        assertThat(again.connections().values()).extracting(c -> c.name() + " " + c.location()).containsExactly(
                "first connections.yaml (applied):2:1", "second connections.yaml (applied):6:1", "third connections.yaml (applied):12:1");
        LoadResult withoutTheConnector = loader.loadTexts(stored.subList(1, stored.size()));
        assertThat(withoutTheConnector.problems()).extracting(SpecProblem::toString).containsExactly(
                "connections.yaml (applied):4:12 connector: unknown connector 'c' (no connectors are loaded)",
                "connections.yaml (applied):8:12 connector: unknown connector 'c' (no connectors are loaded)",
                "connections.yaml (applied):14:12 connector: unknown connector 'c' (no connectors are loaded)");
    }

    @Test
    void keepsEachDocumentsOwnTextSoItCanBeStoredAndLoadedAgain() {
        String connection = "kind: Connection\nname: n\nconnector: c\n";
        LoadResult first = loader.loadTexts(List.of(new SourceText("all.yaml", CONNECTOR + "---\n" + connection)));
        assertThat(first.specs()).extracting(LoadedSpec::documentText).containsExactly(CONNECTOR, connection);

        List<SourceText> stored = first.specs().stream()
                .map(s -> new SourceText("stored:" + s.kind() + "/" + s.name(), s.documentText()))
                .toList();
        LoadResult again = loader.loadTexts(stored);

        assertThat(again.problems()).isEmpty();
        ConnectorSpec before = first.connectors().get("c");
        ConnectorSpec after = again.connectors().get("c");
        assertThat(after.location()).isEqualTo(new SourceLocation("stored:Connector/c", 1, 1));
        assertThat(after).usingRecursiveComparison().ignoringFields("location").isEqualTo(before);
        assertThat(again.connections().get("n").location()).isEqualTo(new SourceLocation("stored:Connection/n", 1, 1));
    }

    @Test
    void readsWindowsLineEndingsAndAByteOrderMark() {
        String text = "\uFEFF" + CONNECTOR.replace("\n", "\r\n") + "---\r\nkind: Connection\r\nname: n\r\nconnector: x\r\n";

        LoadResult result = loader.loadTexts(List.of(new SourceText("crlf.yaml", text)));

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "crlf.yaml:9:12 connector: unknown connector 'x' (loaded connectors: c)");
        assertThat(result.connectors()).containsOnlyKeys("c");
    }

    @Test
    void leavesOutEverySpecWithAProblemButKeepsTheValidOnes() {
        LoadResult result = loader.loadTexts(List.of(
                new SourceText("c.yaml", CONNECTOR),
                new SourceText("bad.yaml", "kind: Connection\nname: n\nconnector: c\ncolour: blue\n")));

        assertThat(result.ok()).isFalse();
        assertThat(result.specs()).extracting(LoadedSpec::name).containsExactly("c");
        assertThat(result.connections()).isEmpty();
        assertThat(result.find("Connector", "c")).get().extracting(LoadedSpec::spec).isSameAs(result.connectors().get("c"));
        assertThat(result.find("Connection", "n")).isEmpty();
        assertThat(result.find("Sync", "c")).isEmpty();
    }

    @Test
    void requireOkThrowsASpecExceptionListingEveryProblemOnItsOwnLine() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("bad.yaml", "kind: Connection\nname: N\nconnector: c\n")));

        assertThatThrownBy(result::requireOk)
                .isInstanceOf(SpecException.class)
                .isInstanceOf(dev.junction.JunctionException.class)
                .hasMessage("""
                        2 problems in specs:
                        bad.yaml:2:7 name: 'N' is not a valid name; use lowercase letters, digits and '-', starting with a letter or digit
                        bad.yaml:3:12 connector: unknown connector 'c' (no connectors are loaded)""")
                .satisfies(e -> assertThat(((SpecException) e).problems()).hasSize(2));
        LoadResult fine = loader.loadTexts(List.of(new SourceText("c.yaml", CONNECTOR)));
        assertThat(fine.requireOk()).isSameAs(fine);
    }

    @Test
    void loadsNothingFromAnEmptyTextWithoutProblems() {
        LoadResult result = loader.loadTexts(List.of(new SourceText("empty.yaml", ""), new SourceText("comments.yaml", "# nothing\n\n")));

        assertThat(result.ok()).isTrue();
        assertThat(result.specs()).isEmpty();
    }

    @Test
    void formatsAProblemAsFileLineColumnPathAndMessage() {
        SpecProblem problem = new SpecProblem(new SourceLocation("connectors/crm.yaml", 14, 11), "streams.contacts.pagination.type",
                "'cursr' is not one of cursor, offset, page, link, next-url");

        assertThat(problem).hasToString(
                "connectors/crm.yaml:14:11 streams.contacts.pagination.type: 'cursr' is not one of cursor, offset, page, link, next-url");
        assertThat(new SpecProblem(SourceLocation.unknown("x.yaml"), "", "no such file or directory")).hasToString("x.yaml: no such file or directory");
    }
}

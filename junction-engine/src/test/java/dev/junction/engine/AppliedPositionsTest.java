package dev.junction.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.spec.ConnectionSpec;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecProblem;
import dev.junction.store.DefinitionRepository;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each definition is stored as its own YAML document and loaded again from the store; it keeps the
 * lines it has in its file, so a connection in the third document of a multi-document
 * {@code connections.yaml} is placed on its own line there, in problems and in run-time messages,
 * not on line 1.
 */
class AppliedPositionsTest {
    private static final String CONNECTOR = """
            kind: Connector
            name: api
            baseUrl: http://127.0.0.1:9
            secrets: { token: { description: "a token" } }
            auth: { type: bearer, token: "{{ secrets.token }}" }
            check: { request: { path: /me } }
            streams:
              s: { request: { path: /s }, records: $, primaryKey: id }
            """;
    private static final String CONNECTIONS = """
            # the connections of this workspace
            kind: Connection
            name: first
            connector: api
            secrets: { token: "${env:FIRST_TOKEN}" }
            ---
            kind: Connection
            name: second
            connector: api
            secrets: { token: "${env:SECOND_TOKEN}" }
            ---
            # the third one
            kind: Connection
            name: third
            connector: api
            secrets: { token: "${env:THIRD_TOKEN}" }
            """;

    @TempDir
    Path dataDir;

    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private Engine open() {
        Map<String, String> env = Map.of("JUNCTION_MASTER_KEY", Base64.getEncoder().encodeToString(new byte[32]), "FIRST_TOKEN", "t1",
                "SECOND_TOKEN", "t2");
        return Engine.open(EngineConfig.embedded(dataDir, env::get));
    }

    private Definitions.ApplyResult apply(String connections) {
        var applied = engine.definitions().apply(List.of(new SourceText("api.connector.yaml", CONNECTOR), new SourceText("connections.yaml", connections)));
        assertThat(applied.ok()).as(applied.toString()).isTrue();
        return applied;
    }

    private List<String> places() {
        return engine.definitions().applied().connections().values().stream().map(c -> c.name() + " " + c.location()).toList();
    }

    @Test
    void everyAppliedConnectionKeepsTheLinesOfItsDocumentInItsFile() {
        engine = open();
        apply(CONNECTIONS);

        assertThat(places()).containsExactly("first connections.yaml (applied):2:1", "second connections.yaml (applied):7:1",
                "third connections.yaml (applied):13:1");
        // a run-time message names the connection's place: here its unset secret, when its check resolves the values
        ConnectionSpec third = engine.definitions().applied().connections().get("third");
        assertThat(engine.health().check("third", null, "cli").error()).contains("connection 'third' (connections.yaml (applied):13:1)");
        assertThat(third.location().line()).isEqualTo(13);

        // after a restart, from the store
        engine.close();
        engine = open();
        assertThat(places()).containsExactly("first connections.yaml (applied):2:1", "second connections.yaml (applied):7:1",
                "third connections.yaml (applied):13:1");
        // a problem of an applied definition: what deleting the connector would break
        List<SpecProblem> problems = engine.definitions().delete("Connector", "api", DefinitionRepository.ANY_VERSION).problems();
        assertThat(problems).extracting(SpecProblem::toString).containsExactly(
                "connections.yaml (applied):4:12 connector: unknown connector 'api' (no connectors are loaded)",
                "connections.yaml (applied):9:12 connector: unknown connector 'api' (no connectors are loaded)",
                "connections.yaml (applied):15:12 connector: unknown connector 'api' (no connectors are loaded)");
    }

    @Test
    void aDocumentThatMovedInItsFileUnchangedIsPlacedAnewWithoutANewVersion() {
        engine = open();
        apply(CONNECTIONS);

        var again = apply("""
                kind: Connection
                name: zero
                connector: api
                secrets: { token: "${env:FIRST_TOKEN}" }
                ---
                """ + CONNECTIONS);

        assertThat(again.applied()).extracting(a -> a.name() + " " + a.outcome() + " " + a.version()).contains(
                "first UNCHANGED 1", "second UNCHANGED 1", "third UNCHANGED 1", "zero NEW 1");
        assertThat(places()).containsExactly("first connections.yaml (applied):7:1", "second connections.yaml (applied):12:1",
                "third connections.yaml (applied):18:1", "zero connections.yaml (applied):1:1");
        assertThat(engine.definitions().history("Connection", "third")).singleElement().satisfies(d -> assertThat(d.lineOffset()).as("after the 16 lines before its comment").isEqualTo(16));
    }
}

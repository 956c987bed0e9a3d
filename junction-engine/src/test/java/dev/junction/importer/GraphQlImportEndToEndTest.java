package dev.junction.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.junction.connector.ActionResult;
import dev.junction.connector.ConnectionClient;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.internal.StreamSamples;
import dev.junction.http.CallContext;
import dev.junction.http.EgressPolicy;
import dev.junction.http.PipelineListener;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GraphQL fixture ({@code taskboard.graphql.json}, an introspection result) is imported, applied
 * with its suggested connection and read end to end from {@link TaskboardServer}: graphql-java serving
 * that very schema with resolvers that page as it says. The engine validates every generated query, so
 * a wrong selection, variable type or records path fails the read; the token is required, so a wrong
 * auth does too.
 */
class GraphQlImportEndToEndTest {
    static final Path FIXTURE = TaskboardServer.fixture();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private TaskboardServer server;
    private final ConnectorImporter importer = new ConnectorImporter();

    @BeforeEach
    void start() throws Exception {
        server = new TaskboardServer(FIXTURE, "tb-token");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyImportedStreamReadsAllItsPagesFromARealGraphQlServer() {
        ImportedConnector c = importer.graphQl(FIXTURE.toString(), null);
        assertThat(c.streams()).containsExactly("users", "projects", "tasks", "auditLog", "labels");

        Map<String, List<List<String>>> read = withEngine(c, Map.of(), client -> {
            Map<String, List<List<String>>> pages = new java.util.LinkedHashMap<>();
            for (String stream : c.streams()) {
                pages.put(stream, pages(client, stream));
            }
            return pages;
        });

        assertThat(read).containsEntry("users", List.of(List.of("u1", "u2"), List.of("u3")))      // Relay, nodes
                .containsEntry("projects", List.of(List.of("p1", "p2"), List.of("p3")))             // Relay, edges { node }
                .containsEntry("tasks", List.of(List.of("t1", "t2"), List.of("t3", "t4"), List.of("t5"))) // offset/limit
                .containsEntry("auditLog", List.of(List.of("e1", "e2"), List.of("e3")))             // page/perPage
                .containsEntry("labels", List.of(List.of("bug", "feature")));                       // one answer
        assertThat(server.requests).anySatisfy(r -> assertThat(r.path("variables")).isEqualTo(JSON.valueToTree(Map.of("first", 2, "after", "Y3Vyc29yOjE="))))
                .anySatisfy(r -> assertThat(r.path("variables")).isEqualTo(JSON.valueToTree(Map.of("offset", 4, "limit", 2))))
                .anySatisfy(r -> assertThat(r.path("variables")).isEqualTo(JSON.valueToTree(Map.of("page", 2, "perPage", 2))));
    }

    @Test
    void everyGeneratedQueryAndMutationIsValidAgainstTheSchema() throws Exception {
        JsonNode yaml = new YAMLMapper().readTree(importer.graphQl(FIXTURE.toString(), null).yaml());
        List<String> documents = new ArrayList<>();
        for (String kind : List.of("streams", "actions")) {
            yaml.path(kind).forEach(op -> documents.add(op.path("graphql").path("query").asText()));
        }

        assertThat(documents).hasSize(9).allSatisfy(document -> assertThat(
                ParseAndValidate.parseAndValidate(server.schema(), ExecutionInput.newExecutionInput(document).build()).getErrors())
                .as(document).isEmpty());
    }

    @Test
    void importedMutationsWriteTheRecordThroughTheConnection() {
        ImportedConnector c = importer.graphQl(FIXTURE.toString(), null);

        List<ActionResult> results = withEngine(c, Map.of(), client -> List.of(
                client.call("createTask", List.of(JSON.valueToTree(Map.of("title", "Write the docs", "projectId", "p2", "assigneeId", "u1",
                        "url", "a field the input does not have"))), CallContext.of(client.name())),
                client.call("updateTask", List.of(JSON.valueToTree(Map.of("id", "t1", "status", "DONE"))), CallContext.of(client.name()))));

        assertThat(results).allSatisfy(r -> assertThat(r.allOk()).as(r.toString()).isTrue());
        assertThat(server.tasks()).hasSize(6);
        assertThat(server.tasks().get(5)).containsEntry("title", "Write the docs").containsEntry("id", "t6");
        assertThat(server.tasks().get(0)).containsEntry("status", "DONE").containsEntry("title", "Task 1");
    }

    @Test
    void anEndpointUrlIsSentTheIntrospectionQueryAndBecomesTheBaseUrlAndPath() {
        ImportedConnector c = importer.graphQl(server.origin() + "/graphql", null);

        assertThat(c.name()).isEqualTo("127-0-0-1"); // from the host
        assertThat(c.connection()).contains("token: \"${env:_127_0_0_1_TOKEN}\"");
        assertThat(c.streams()).containsExactly("users", "projects", "tasks", "auditLog", "labels");
        assertThat(c.yaml()).contains("baseUrl: { type: string, default: \"" + server.origin() + "\"").contains("request: { path: \"/graphql\" }");
        assertThat(c.guessed()).contains("every call is a POST to /graphql, the endpoint the schema was read from");
        assertThat(server.requests.get(0).path("query").asText()).startsWith("query IntrospectionQuery {");
        // the base URL's default is the endpoint: the connection needs only the token
        String connection = "kind: Connection\nname: tb\nconnector: " + c.name() + "\nsecrets:\n  token: \"${env:TASKBOARD_TOKEN}\"\n";
        List<List<String>> users = withEngine(c, Map.of("connection", connection), client -> pages(client, "users"));
        assertThat(users).containsExactly(List.of("u1", "u2"), List.of("u3"));
    }

    /** Applies the connector with its suggested connection (or {@code connection} given), and runs {@code work} on a client of it. */
    private <T> T withEngine(ImportedConnector c, Map<String, String> replace, Function<ConnectionClient, T> work) {
        String connectionText = replace.getOrDefault("connection", c.connection());
        List<SourceText> texts = List.of(new SourceText(c.name() + ".yaml", c.yaml()), new SourceText("connection.yaml", connectionText));
        LoadResult loaded = new SpecLoader().loadTexts(texts);
        assertThat(loaded.problems()).isEmpty();
        String connection = loaded.connections().keySet().iterator().next();
        Map<String, String> env = Map.of("TASKBOARD_BASE_URL", server.origin(), "TASKBOARD_TOKEN", "tb-token");
        try (Engine engine = Engine.open(EngineConfig.embedded(dataDir, env::get).withEgress(EgressPolicy.DEFAULT.withAllowPrivate(true)))) {
            assertThat(engine.definitions().apply(texts).ok()).isTrue();
            StreamSamples samples = new StreamSamples(engine.definitions().applied(), engine.connections().secrets(),
                    engine.connections().pipeline(PipelineListener.NONE, true));
            try (ConnectionClient client = samples.client(samples.target(connection, c.streams().get(0)))) {
                return work.apply(client);
            }
        }
    }

    private static List<List<String>> pages(ConnectionClient client, String stream) {
        String key = client.connector().streams().get(stream).primaryKey();
        dev.junction.json.JsonPath path = dev.junction.json.JsonPath.parse(key);
        List<List<String>> pages = new ArrayList<>();
        var reader = client.readStream(stream, dev.junction.connector.ReadOptions.full(CallContext.of(client.name())));
        for (int i = 0; i < 5; i++) {
            var page = reader.nextPage().orElse(null);
            if (page == null || page.records().isEmpty()) {
                break;
            }
            pages.add(page.records().stream().map(r -> path.find(r).asText()).toList());
        }
        return pages;
    }
}

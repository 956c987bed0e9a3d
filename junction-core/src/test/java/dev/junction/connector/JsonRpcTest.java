package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.ConnectorSpec;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** JSON-RPC 2.0 streams and actions declared in YAML, against WireMock: envelopes, results, errors and batches. */
class JsonRpcTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    private static LoadResult load(String operations) {
        return new SpecLoader().loadTexts(List.of(new SourceText("billing.yaml", """
                kind: Connector
                name: acme-crm
                baseUrl: %s
                retry: { maxAttempts: 3, initialDelay: 1ms, maxDelay: 2ms }
                """.formatted(server.baseUrl()) + operations)));
    }

    private ConnectionClient client(String operations) {
        LoadResult result = load(operations);
        assertThat(result.problems()).isEmpty();
        ConnectorSpec connector = result.connectors().get("acme-crm");
        var options = PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build();
        var client = ConnectionClient.create(connector, Specs.connection(Map.of(), Map.of()), new EnvSecretResolver(name -> null), options);
        clients.add(client);
        return client;
    }

    private static final String INVOICES = """
            streams:
              invoices:
                request: { path: /rpc }
                jsonrpc: { method: invoice.list, params: '{"after": $cursor, "limit": 2}' }
                records: items
                primaryKey: id
                pagination: { type: cursor, nextPath: next, in: body }
            """;

    private static CallContext context() {
        return new CallContext("run-1", null, null, List.of(), true);
    }

    private static List<String> ids(PageReader reader) {
        List<String> ids = new ArrayList<>();
        reader.forEachRemaining(page -> page.records().forEach(r -> ids.add(r.path("id").asText())));
        return ids;
    }

    @Test
    void aStreamPostsTheEnvelopeAndReadsRecordsAndCursorFromTheResult() {
        server.stubFor(post(urlPathEqualTo("/rpc"))
                .withRequestBody(equalToJson("{\"jsonrpc\":\"2.0\",\"method\":\"invoice.list\",\"params\":{\"limit\":2},\"id\":1}"))
                .willReturn(okJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"next\":\"c2\"}}")));
        server.stubFor(post(urlPathEqualTo("/rpc"))
                .withRequestBody(equalToJson("{\"jsonrpc\":\"2.0\",\"method\":\"invoice.list\",\"params\":{\"after\":\"c2\",\"limit\":2},\"id\":1}"))
                .willReturn(okJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"items\":[{\"id\":\"c\"}],\"next\":null}}")));

        assertThat(ids(client(INVOICES).readStream("invoices", ReadOptions.full(context())))).containsExactly("a", "b", "c");
    }

    @Test
    void anErrorObjectWithAClientCodeIsAPermanentErrorWithTheProvidersMessage() {
        server.stubFor(post(urlPathEqualTo("/rpc")).willReturn(okJson(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32601,\"message\":\"Method not found: invoice.list\"}}")));

        var error = catchThrowableOfType(ApiException.class,
                () -> client(INVOICES).readStream("invoices", ReadOptions.full(context())).next()).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.message()).isEqualTo("POST " + server.baseUrl() + "/rpc answered HTTP 200 with an error: JSON-RPC error -32601: Method not found: invoice.list");
        assertThat(error.providerCode()).isEqualTo("-32601");
        server.verify(1, postRequestedFor(urlPathEqualTo("/rpc")));
    }

    @Test
    void invalidParamsQuoteTheCodeAndAnExcerptOfTheData() {
        server.stubFor(post(urlPathEqualTo("/rpc")).willReturn(okJson("""
                {"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params","data":{"param":"limit","reason":"must be at most 100"}}}""")));

        var error = catchThrowableOfType(ApiException.class,
                () -> client(INVOICES).readStream("invoices", ReadOptions.full(context())).next()).error();

        assertThat(error.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(error.providerCode()).isEqualTo("-32602");
        assertThat(error.shownCode()).isEqualTo("-32602");
        assertThat(error.message()).isEqualTo("POST " + server.baseUrl() + "/rpc answered HTTP 200 with an error: JSON-RPC error -32602: Invalid params: "
                + "{\"param\":\"limit\",\"reason\":\"must be at most 100\"}");
    }

    @Test
    void aServerErrorCodeIsRetried() {
        server.stubFor(post(urlPathEqualTo("/rpc")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("ready")
                .willReturn(okJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32001,\"message\":\"Server busy\"}}")));
        server.stubFor(post(urlPathEqualTo("/rpc")).inScenario("busy").whenScenarioStateIs("ready")
                .willReturn(okJson("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"items\":[{\"id\":\"a\"}]}}")));

        assertThat(ids(client(INVOICES).readStream("invoices", ReadOptions.full(context())))).containsExactly("a");
        server.verify(2, postRequestedFor(urlPathEqualTo("/rpc")));
    }

    @Test
    void aBatchActionSendsOneEnvelopePerRecordAndMatchesAnswersBackById() {
        var client = client("""
                actions:
                  upsertCustomers:
                    request: { path: /rpc }
                    jsonrpc: { method: customer.upsert, params: '{"email": $record.email}' }
                    batch: { maxRecords: 3 }
                """);
        server.stubFor(post(urlPathEqualTo("/rpc")).withRequestBody(equalToJson("""
                [{"jsonrpc":"2.0","method":"customer.upsert","params":{"email":"a@example.com"},"id":1},
                 {"jsonrpc":"2.0","method":"customer.upsert","params":{"email":"b@example.com"},"id":2},
                 {"jsonrpc":"2.0","method":"customer.upsert","params":{"email":"c@example.com"},"id":3}]"""))
                .willReturn(okJson("""
                        [{"jsonrpc":"2.0","id":3,"result":{"ok":true}},
                         {"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"email is already taken"}},
                         {"jsonrpc":"2.0","id":2,"result":{"ok":true}}]""")));
        List<JsonNode> records = List.of(JSON.createObjectNode().put("email", "a@example.com"),
                JSON.createObjectNode().put("email", "b@example.com"), JSON.createObjectNode().put("email", "c@example.com"));

        ActionResult result = client.call("upsertCustomers", records, new CallContext("run-1", null, null, List.of("a", "b", "c"), true));

        assertThat(result.outcomes()).containsExactly(RecordOutcome.failure("email is already taken", "-32602"), RecordOutcome.success(false),
                RecordOutcome.success(false));
    }

    @Test
    void aBatchAnswerWithAnUnknownIdCannotBeMatched() {
        var client = client("""
                actions:
                  upsertCustomers:
                    request: { path: /rpc }
                    jsonrpc: { method: customer.upsert, params: '{"email": $record.email}' }
                    batch: { maxRecords: 3 }
                """);
        server.stubFor(post(urlPathEqualTo("/rpc")).willReturn(okJson("""
                [{"jsonrpc":"2.0","id":1,"result":{}},{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request"}}]""")));
        List<JsonNode> records = List.of(JSON.createObjectNode().put("email", "a"), JSON.createObjectNode().put("email", "b"));

        var error = catchThrowableOfType(ApiException.class,
                () -> client.call("upsertCustomers", records, new CallContext("run-1", null, null, List.of("a", "b"), true))).error();

        assertThat(error.message()).isEqualTo("action 'upsertCustomers': the JSON-RPC batch response has an entry with id null, "
                + "expected each of the ids 1 to 2 once; cannot tell which records were written");
    }

    @Test
    void aJsonRpcStreamTakesNoBodyOfItsOwnAndNoOtherFormat() {
        LoadResult result = load("""
                streams:
                  invoices:
                    request: { path: /rpc, body: '{}' }
                    jsonrpc: { method: invoice.list, param: x }
                    records: items
                    primaryKey: id
                    format: csv
                """);

        assertThat(result.problems()).extracting(SpecProblem::toString).containsExactly(
                "billing.yaml:8:14 streams.invoices.jsonrpc: a JSON-RPC call builds its request body from method and params; remove request.body",
                "billing.yaml:8:38 streams.invoices.jsonrpc.param: unknown key; did you mean 'params'? (allowed: method, params)",
                "billing.yaml:11:13 streams.invoices.format: a JSON-RPC stream reads JSON; remove format 'csv'");
    }
}

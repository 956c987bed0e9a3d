package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.junction.http.ApiError;
import dev.junction.http.ApiException;
import dev.junction.http.CallContext;
import dev.junction.http.PipelineOptions;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Action responses read in the action's {@code format} (XML, CSV, JSONL, gzip), per-record results included, against WireMock. */
class ActionResponseFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    private final List<ConnectionClient> clients = new ArrayList<>();

    @AfterEach
    void closeClients() {
        clients.forEach(ConnectionClient::close);
    }

    @Test
    void readsPerRecordResultsFromAnXmlResponse() {
        serve("application/xml", """
                <response><results>
                  <result id="1"><status>created</status></result>
                  <result id="2"><status>updated</status></result>
                  <result id="3"><error>email already taken</error></result>
                </results></response>""".getBytes(StandardCharsets.UTF_8), null);

        ActionResult result = call("format: xml", "{ perRecord: results.result, errorPath: error, statusPath: status, insertedValues: [created] }");

        assertThat(result.outcomes()).containsExactly(
                RecordOutcome.success(true), RecordOutcome.success(false), RecordOutcome.failure("email already taken"));
    }

    @Test
    void readsPerRecordResultsFromTheRowsOfACsvResponse() {
        serve("text/csv", "id,status,error\n1,created,\n2,updated,\n3,rejected,\"email already taken, try another\"\n"
                .getBytes(StandardCharsets.UTF_8), null);

        ActionResult result = call("format: csv", "{ perRecord: $, errorPath: error, statusPath: status, insertedValues: [created] }");

        assertThat(result.outcomes()).containsExactly(
                RecordOutcome.success(true), RecordOutcome.success(false), RecordOutcome.failure("email already taken, try another"));
    }

    @Test
    void decompressesAGzipJsonlResponse() throws IOException {
        serve("application/x-ndjson", gzip("{\"status\":\"created\"}\n{\"status\":\"created\"}\n{\"error\":\"no\"}\n"), "gzip");

        ActionResult result = call("format: jsonl", "{ perRecord: $, errorPath: error, statusPath: status, insertedValues: [created] }");

        assertThat(List.of(result.inserted(), result.failed())).containsExactly(2L, 1L);
    }

    @Test
    void aResponseThatDoesNotFitTheFormatFailsNamingTheActionAndLine() {
        serve("text/csv", "id,status\n1,created\n2\n3,created\n".getBytes(StandardCharsets.UTF_8), null);

        ApiException e = catchThrowableOfType(ApiException.class, () -> call("format: csv", "{ perRecord: $, statusPath: status }"));

        assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
        assertThat(e).hasMessage("action 'upsert': line 3: expected 2 columns as in the header row but found 1, so per-record results cannot be read");
    }

    @Test
    void aJsonRpcActionCannotTakeAnotherFormat() {
        LoadResult loaded = load("""
                  request: { path: /rpc }
                  jsonrpc: { method: users.upsert, params: "$record" }
                  format: xml
                """, "");

        assertThat(loaded.problems()).extracting(Object::toString)
                .containsExactly("acme.yaml:10:13 actions.upsert.format: a JSON-RPC action reads JSON; remove format 'xml'");
    }

    private ActionResult call(String format, String results) {
        LoadResult loaded = load("    request: { method: POST, path: /users/batch, body: \"{ 'users': $records }\" }\n    batch: { maxRecords: 3 }\n    "
                + format + "\n", "    results: " + results + "\n");
        assertThat(loaded.problems()).isEmpty();
        var client = ConnectionClient.create(loaded.connectors().get("acme"), loaded.connections().get("crm"),
                new EnvSecretResolver(Map.<String, String>of()::get), PipelineOptions.builder().build());
        clients.add(client);
        List<JsonNode> records = List.of(JSON.createObjectNode().put("id", 1), JSON.createObjectNode().put("id", 2), JSON.createObjectNode().put("id", 3));
        return client.call("upsert", records, new CallContext("run-1", null, null, List.of("1", "2", "3"), true));
    }

    private static LoadResult load(String action, String results) {
        return new SpecLoader().loadTexts(List.of(new SourceText("acme.yaml", """
                kind: Connector
                name: acme
                baseUrl: %s/api
                streams:
                  users: { request: { path: /users }, records: $, primaryKey: id }
                actions:
                  upsert:
                %s%s---
                kind: Connection
                name: crm
                connector: acme
                """.formatted(server.baseUrl(), action.replaceAll("(?m)^", "  "), results.replaceAll("(?m)^(?=.)", "  ")))));
    }

    private static void serve(String contentType, byte[] body, String encoding) {
        var response = aResponse().withHeader("Content-Type", contentType).withBody(body);
        if (encoding != null) {
            response = response.withHeader("Content-Encoding", encoding);
        }
        server.stubFor(post(urlPathEqualTo("/api/users/batch")).willReturn(response));
    }

    private static byte[] gzip(String text) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var zip = new GZIPOutputStream(out)) {
            zip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}

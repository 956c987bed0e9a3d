package dev.junction.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code hooks:} of a connector, stream and action, in JSONata and Java, against WireMock. */
class HooksTest {
    /** A WireMock server on 127.0.0.1 for the whole class, reset after each test. */
    @RegisterExtension
    static final WireMockExtension server = WireMockExtension.newInstance()
            .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

    private static ConnectorSpec connector(String yaml) {
        LoadResult result = new SpecLoader().loadTexts(List.of(new SourceText("acme-crm.yaml", """
                kind: Connector
                name: acme-crm
                baseUrl: %s/api
                auth: { type: bearer, token: s3cret-token }
                retry: { maxAttempts: 1 }
                """.formatted(server.baseUrl()) + yaml)));
        assertThat(result.problems()).isEmpty();
        return result.connectors().get("acme-crm");
    }

    private static List<String> problems(String yaml) {
        return new SpecLoader().loadTexts(List.of(new SourceText("acme-crm.yaml", """
                kind: Connector
                name: acme-crm
                baseUrl: http://127.0.0.1:9
                """ + yaml))).problems().stream().map(SpecProblem::toString).toList();
    }

    private static ConnectionClient client(ConnectorSpec connector) {
        var options = PipelineOptions.builder().sleeper(new TestPeers.RecordingSleeper()).build();
        return ConnectionClient.create(connector, Specs.connection(Map.of(), Map.of()), new EnvSecretResolver(Map.<String, String>of()::get), options);
    }

    private static List<String> ids(PageReader reader) {
        List<String> ids = new ArrayList<>();
        reader.forEachRemaining(page -> page.records().forEach(record -> ids.add(record.get("id").asText())));
        return ids;
    }

    @Test
    void connectorAndStreamRequestHooksChangeWhatTheServerReceivesButNeverSeeTheAuthHeader() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson("[{\"id\":\"1\"}]")));
        var connector = connector("""
                hooks:
                  preRequest: "= $merge([$, {'headers': $merge([headers, {'X-Trace': 'junction', 'X-Saw-Auth': $exists(headers.Authorization) ? 'yes' : 'no'}])}])"
                streams:
                  contacts:
                    request: { path: /contacts, query: { status: active } }
                    records: $
                    primaryKey: id
                    hooks:
                      preRequest: "= $merge([$, {'query': $merge([query, {'status': 'all', 'region': 'eu west'}])}])"
                """);

        try (var client = client(connector)) {
            assertThat(ids(client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))))).containsExactly("1");
        }

        server.verify(1, getRequestedFor(urlPathEqualTo("/api/contacts"))
                .withHeader("X-Trace", equalTo("junction"))
                .withHeader("X-Saw-Auth", equalTo("no"))
                .withHeader("Authorization", equalTo("Bearer s3cret-token"))
                .withQueryParam("status", equalTo("all"))
                .withQueryParam("region", equalTo("eu west")));
    }

    @Test
    void aResponseHookReshapesTheBodySoTheStreamFindsItsRecords() {
        server.stubFor(get(urlPathEqualTo("/api/contacts"))
                .willReturn(okJson("{\"payload\":{\"rows\":[{\"contact_id\":7},{\"contact_id\":8}]}}")));
        var connector = connector("""
                streams:
                  contacts:
                    request: { path: /contacts }
                    records: $.items
                    primaryKey: id
                    hooks:
                      postResponse: "= $merge([$, {'body': {'items': body.payload.rows.{'id': $string(contact_id)}}}])"
                """);

        try (var client = client(connector)) {
            assertThat(ids(client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))))).containsExactly("7", "8");
        }
    }

    @Test
    void aJavaHookNamedInYamlIsFoundThroughTheServiceLoaderAndRunsAfterTheExpressions() throws Exception {
        server.stubFor(post("/api/save").willReturn(okJson("{\"status\":\"ok\"}")));
        var connector = connector("""
                actions:
                  save:
                    request: { method: POST, path: /save, body: "{ 'name': $record.name }" }
                    hooks:
                      preRequest: "= $merge([$, {'body': $merge([body, {'source': 'junction'}])}])"
                      java: dev.junction.connector.TenantHeaderHook
                """);
        JsonNode record = new ObjectMapper().readTree("{\"id\":\"1\",\"name\":\"Ada\"}");

        try (var client = client(connector)) {
            client.call("save", List.of(record), new CallContext("run-1", null, null, List.of("1"), true));
        }

        server.verify(1, postRequestedFor(urlPathEqualTo("/api/save"))
                .withHeader("X-Tenant", equalTo("tenant-a/crm"))
                .withRequestBody(equalToJson("{\"name\":\"Ada\",\"source\":\"junction\"}")));
    }

    @Test
    void aJavaHookResponseChangeIsWhatTheConnectorReads() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson("[{\"id\":\"ok\"}]")));
        var connector = connector("""
                hooks: { java: [dev.junction.connector.TenantHeaderHook] }
                streams:
                  contacts: { request: { path: /contacts }, records: $, primaryKey: id }
                """);

        try (var client = client(connector)) {
            assertThat(ids(client.readStream("contacts", ReadOptions.full(CallContext.of("crm"))))).containsExactly("seen-by-java-hook");
        }
        server.verify(1, getRequestedFor(urlPathEqualTo("/api/contacts")).withHeader("X-Tenant", equalTo("tenant-a/crm")));
    }

    @Test
    void aJavaHookThatIsNotRegisteredFailsWhenTheConnectionIsCreated() {
        var connector = connector("""
                streams:
                  contacts:
                    request: { path: /contacts }
                    records: $
                    primaryKey: id
                    hooks: { java: com.example.MissingHook }
                """);

        assertThatThrownBy(() -> client(connector)).isInstanceOf(ConnectorException.class).hasMessage(
                "connector 'acme-crm' stream 'contacts' hooks.java: no Hook named 'com.example.MissingHook' is registered; "
                        + "list the class in META-INF/services/dev.junction.http.Hook on the class path "
                        + "(registered: dev.junction.connector.TenantHeaderHook, dev.junction.connector.BrokenResponseHook)");
    }

    @Test
    void aRequestHookThatReturnsNoObjectFailsTheCallAsPermanentBeforeAnythingIsSent() {
        var connector = connector("""
                streams:
                  contacts:
                    request: { path: /contacts }
                    records: $
                    primaryKey: id
                    hooks: { preRequest: "= headers.Accept" }
                """);

        try (var client = client(connector)) {
            var reader = client.readStream("contacts", ReadOptions.full(CallContext.of("crm")));
            ApiException e = catchThrowableOfType(ApiException.class, reader::next);

            assertThat(e.getMessage()).isEqualTo("connector 'acme-crm' stream 'contacts' hooks.preRequest failed before sending the request: "
                    + "expected the expression to return an object like its input, it returned nothing");
            assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
            assertThat(e.error().code()).isEqualTo("hook_failed");
        }
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void aFailingJavaResponseHookNamesTheActionAndTheClass() throws Exception {
        server.stubFor(post("/api/save").willReturn(okJson("{}")));
        var connector = connector("""
                actions:
                  save:
                    request: { method: POST, path: /save, body: "{ 'name': $record.name }" }
                    hooks: { java: dev.junction.connector.BrokenResponseHook }
                """);
        JsonNode record = new ObjectMapper().readTree("{\"id\":\"1\",\"name\":\"Ada\"}");

        try (var client = client(connector)) {
            ApiException e = catchThrowableOfType(ApiException.class,
                    () -> client.call("save", List.of(record), new CallContext("run-1", null, null, List.of("1"), true)));

            assertThat(e.getMessage()).isEqualTo("connector 'acme-crm' action 'save' hooks.java dev.junction.connector.BrokenResponseHook "
                    + "failed on an HTTP 200 response: cannot read a 200 body");
            assertThat(e.category()).isEqualTo(ApiError.Category.PERMANENT);
        }
    }

    @Test
    void aResponseHookWhoseResultHasABadStatusIsAClearError() {
        server.stubFor(get(urlPathEqualTo("/api/contacts")).willReturn(okJson("[]")));
        var connector = connector("""
                hooks: { postResponse: "= $merge([$, {'status': 'fine'}])" }
                streams:
                  contacts: { request: { path: /contacts }, records: $, primaryKey: id }
                """);

        try (var client = client(connector)) {
            var reader = client.readStream("contacts", ReadOptions.full(CallContext.of("crm")));
            ApiException e = catchThrowableOfType(ApiException.class, reader::next);

            assertThat(e.getMessage()).isEqualTo("connector 'acme-crm' hooks.postResponse failed on an HTTP 200 response: "
                    + "the result's status must be an HTTP status code, was fine");
        }
    }

    @Test
    void badHookDeclarationsAreReportedWhereTheyAre() {
        assertThat(problems("""
                hooks:
                  preRequest: "$merge([$, {}])"
                  postResponse: "= $merge([$"
                  java: "not a class"
                  onError: x
                """)).containsExactly(
                "acme-crm.yaml:5:15 hooks.preRequest: expected a JSONata expression starting with '=', e.g. \"= $\", found '$merge([$, {}])'",
                "acme-crm.yaml:6:17 hooks.postResponse: not a valid JSONata expression: Expected \"]\" before end of expression (at character 9)",
                "acme-crm.yaml:7:9 hooks.java: 'not a class' is not a Java class name; expected a fully qualified name such as com.example.MyHook",
                "acme-crm.yaml:8:3 hooks.onError: unknown key (allowed: preRequest, postResponse, java)");
    }

    @Test
    void hooksAreReadForTheConnectorStreamsAndActions() {
        var connector = connector("""
                hooks: { preRequest: "= $", java: [dev.junction.connector.TenantHeaderHook] }
                streams:
                  contacts: { request: { path: /contacts }, records: $, primaryKey: id, hooks: { postResponse: "=$" } }
                actions:
                  save: { request: { path: /save }, hooks: { java: dev.junction.connector.BrokenResponseHook } }
                """);

        assertThat(connector.hooks()).isEqualTo(new dev.junction.spec.HooksSpec("$", null, List.of("dev.junction.connector.TenantHeaderHook")));
        assertThat(connector.streams().get("contacts").hooks()).isEqualTo(new dev.junction.spec.HooksSpec(null, "$", List.of()));
        assertThat(connector.actions().get("save").hooks())
                .isEqualTo(new dev.junction.spec.HooksSpec(null, null, List.of("dev.junction.connector.BrokenResponseHook")));
    }
}

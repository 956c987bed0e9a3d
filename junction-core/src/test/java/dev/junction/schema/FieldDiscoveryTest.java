package dev.junction.schema;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.junction.JunctionException;
import dev.junction.connector.EnvSecretResolver;
import dev.junction.http.PipelineOptions;
import dev.junction.http.TestPeers;
import dev.junction.spec.LoadResult;
import dev.junction.spec.SourceText;
import dev.junction.spec.SpecLoader;
import dev.junction.spec.SpecProblem;
import dev.junction.spec.StreamSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A stream's discovery request, like HubSpot's /properties endpoint, against a local WireMock. */
class FieldDiscoveryTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private WireMockServer api;
    private final TestPeers.CollectingSink exchanges = new TestPeers.CollectingSink();

    @BeforeEach
    void start() {
        api = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        api.start();
    }

    @AfterEach
    void stop() {
        api.stop();
    }

    private LoadResult load(String discovery) {
        String yaml = """
                kind: Connector
                name: crm
                config: { baseUrl: { type: string } }
                secrets: { token: {} }
                baseUrl: "{{ config.baseUrl }}"
                auth: { type: bearer, token: "{{ secrets.token }}" }
                streams:
                  contacts:
                    request: { path: /crm/v3/objects/contacts }
                    records: $.results
                    primaryKey: id
                %s
                ---
                kind: Connection
                name: tenant-a
                connector: crm
                config: { baseUrl: "%s" }
                secrets: { token: "${env:CRM_TOKEN}" }
                """.formatted(discovery.indent(4).stripTrailing(), api.baseUrl());
        return new SpecLoader().loadTexts(List.of(new SourceText("crm.yaml", yaml)));
    }

    private List<FieldDiscovery.Field> discover(LoadResult specs) {
        return FieldDiscovery.read(specs.connectors().get("crm"), specs.connections().get("tenant-a"), "contacts",
                new EnvSecretResolver(Map.of("CRM_TOKEN", "s3cret")::get), PipelineOptions.builder().exchangeSink(exchanges).build());
    }

    @Test
    void readsTheDeclaredFieldsWithTheConnectionsAuthAndMergesThemUnderTheirRecordPath() throws Exception {
        api.stubFor(get(urlPathEqualTo("/crm/v3/properties/contacts")).willReturn(okJson("""
                {"results": [
                  {"name": "email", "type": "string", "fieldType": "text"},
                  {"name": "plan", "type": "enumeration"},
                  {"name": "seats", "type": "number"},
                  {"name": "renewal_date", "type": "date"},
                  {"name": "churned_at", "type": "datetime"},
                  {"name": "vip", "type": "bool"},
                  {"name": "legacy_code", "type": "something-else"}
                ]}""")));
        LoadResult specs = load("""
                discovery:
                  request: { path: /crm/v3/properties/contacts, query: { archived: "false" } }
                  fields: $.results
                  name: name
                  type: type
                  under: properties""");
        assertThat(specs.problems()).isEmpty();
        assertThat(specs.connectors().get("crm").streams().get("contacts").discovery()).isEqualTo(
                new StreamSpec.DiscoverySpec(new dev.junction.spec.RequestSpec("GET", "/crm/v3/properties/contacts", Map.of("archived", "false"), Map.of(), null),
                        "$.results", "name", "type", "properties"));

        List<FieldDiscovery.Field> fields = discover(specs);
        SchemaSampler sampler = new SchemaSampler(10);
        sampler.offer(JSON.readTree("{\"id\":\"1\",\"properties\":{\"email\":\"a@b.io\"}}"));
        ObjectNode merged = FieldDiscovery.merge(sampler.schema(), fields, "properties");

        assertThat(fields).hasSize(7).first().isEqualTo(new FieldDiscovery.Field("email", "string"));
        api.verify(getRequestedFor(urlPathEqualTo("/crm/v3/properties/contacts")).withQueryParam("archived", equalTo("false"))
                .withHeader("Authorization", equalTo("Bearer s3cret")));
        assertThat(exchanges.exchanges).hasSize(1);
        assertThat(merged.at("/properties/properties")).isEqualTo(JSON.readTree("""
                {"type": "object",
                 "properties": {
                   "churned_at": {"type": "string", "format": "date-time", "x-discovered": true},
                   "email": {"type": "string", "format": "email"},
                   "legacy_code": {"x-discovered": true},
                   "plan": {"type": "string", "x-discovered": true},
                   "renewal_date": {"type": "string", "format": "date", "x-discovered": true},
                   "seats": {"type": "number", "x-discovered": true},
                   "vip": {"type": "boolean", "x-discovered": true}
                 },
                 "required": ["email"]}"""));
        assertThat(merged.path("required")).isEqualTo(JSON.readTree("[\"id\",\"properties\"]"));
    }

    @Test
    void fieldsDeclaredAtTheTopLevelCreateNoContainer() throws Exception {
        api.stubFor(get(urlPathEqualTo("/fields")).willReturn(okJson("[{\"key\": \"custom_1\"}]")));
        LoadResult specs = load("""
                discovery: { request: { path: /fields }, fields: $, name: key }""");

        List<FieldDiscovery.Field> fields = discover(specs);

        assertThat(fields).containsExactly(new FieldDiscovery.Field("custom_1", null));
        assertThat(FieldDiscovery.merge(new SchemaSampler(1).schema(), fields, null).path("properties").toString())
                .isEqualTo("{\"custom_1\":{\"x-discovered\":true}}");
    }

    @Test
    void anEntryWithoutANameIsAClearError() {
        api.stubFor(get(urlPathEqualTo("/fields")).willReturn(okJson("{\"results\": [{\"name\": \"a\"}, {\"label\": \"B\"}]}")));
        LoadResult specs = load("""
                discovery: { request: { path: /fields }, fields: $.results, name: name }""");

        assertThatThrownBy(() -> discover(specs)).isInstanceOf(JunctionException.class).hasMessage(
                "discovery of stream 'contacts' of connection 'tenant-a': field entry 1 has no name at 'name'; expected a string, such as {\"name\": \"plan\"}");
    }

    @Test
    void aFailingDiscoveryRequestIsNamedInTheError() {
        api.stubFor(get(urlPathEqualTo("/fields")).willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(404)
                .withHeader("Content-Type", "application/json").withBody("{\"message\": \"no such object\"}")));
        LoadResult specs = load("""
                discovery: { request: { path: /fields }, fields: $.results, name: name }""");

        assertThatThrownBy(() -> discover(specs)).isInstanceOf(JunctionException.class)
                .hasMessage("discovery of stream 'contacts' of connection 'tenant-a' failed: GET http://localhost:" + api.port()
                        + "/fields failed with HTTP 404: no such object")
                .hasCauseInstanceOf(dev.junction.http.ApiException.class);
    }

    @Test
    void aStreamWithoutDiscoveryIsAClearError() {
        LoadResult specs = load("");

        assertThatThrownBy(() -> discover(specs)).isInstanceOf(JunctionException.class)
                .hasMessage("stream 'contacts' of connector 'crm' declares no discovery request");
    }

    @Test
    void theLoaderReportsMissingAndUnknownDiscoveryKeysWithTheirPlace() {
        LoadResult specs = load("""
                discovery: { request: { path: /fields }, names: x, under: "not a path" }""");

        assertThat(specs.problems()).extracting(SpecProblem::toString).containsExactly(
                "crm.yaml:12:5 streams.contacts.discovery: missing required key 'fields'",
                "crm.yaml:12:5 streams.contacts.discovery: missing required key 'name'",
                "crm.yaml:12:46 streams.contacts.discovery.names: unknown key; did you mean 'name'? (allowed: request, fields, name, type, under)",
                "crm.yaml:12:63 streams.contacts.discovery.under: 'not a path' is not a dotted field path; use names separated by '.', e.g. properties");
    }
}

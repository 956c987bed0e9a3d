package dev.junction.server.api;

import static dev.junction.server.api.Calls.YAML;
import static dev.junction.server.api.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Definitions over the API, as junction apply reads files: validate, apply (all or nothing), versions
 * with ETag/If-Match, rollback, delete, export. Each test works on definitions of its own names.
 */
class DefinitionsApiTest {
    @TempDir
    static Path dataDir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(dataDir);
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    static String connector(String name, String path) {
        return """
                kind: Connector
                name: %s
                baseUrl: https://probe.example
                streams:
                  items:
                    request: { path: %s }
                    records: "$.items"
                    primaryKey: id
                """.formatted(name, path);
    }

    @Test
    void validatesYamlAndAnswersEveryProblemWithFileLineColumnAndPath() {
        String yaml = connector("probe-validate", "/items") + "    pagination: { type: cursr }\n";

        HttpResponse<String> answer = call(api, "POST", "/api/v1/definitions/validate?file=probe.yaml", api.editor(), YAML, yaml);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode body = api.body(answer);
        assertThat(body.path("valid").asBoolean()).isFalse();
        JsonNode problem = body.path("problems").get(0);
        assertThat(problem.path("file").asText()).isEqualTo("probe.yaml");
        assertThat(problem.path("line").asInt()).isEqualTo(9);
        assertThat(problem.path("column").asInt()).isPositive();
        assertThat(problem.path("path").asText()).isEqualTo("streams.items.pagination.type");
        assertThat(problem.path("message").asText()).contains("cursr");
        assertThat(api.get("/api/v1/definitions/Connector/probe-validate", api.viewer()).statusCode()).isEqualTo(404);
    }

    @Test
    void validatesJsonFilesTogetherWithWhatIsApplied() throws Exception {
        String sync = """
                kind: Sync
                name: probe-validate-sync
                source: { connection: crm, stream: contacts }
                destination: { connection: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                """;
        String json = api.json.writeValueAsString(Map.of("files", List.of(Map.of("name", "sync.yaml", "text", sync))));

        HttpResponse<String> answer = api.post("/api/v1/definitions/validate", api.editor(), json);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(api.body(answer).path("valid").asBoolean()).as(answer.body()).isTrue();
        assertThat(api.body(answer).path("problems")).isEmpty();
    }

    @Test
    void appliesABundleAndAnswersEachDefinitionsOutcomeAndVersion() {
        String bundle = connector("probe-apply-a", "/a") + "---\n" + connector("probe-apply-b", "/b");

        HttpResponse<String> first = call(api, "POST", "/api/v1/definitions?file=bundle.yaml", api.editor(), YAML, bundle);
        HttpResponse<String> again = call(api, "POST", "/api/v1/definitions", api.editor(), YAML, connector("probe-apply-a", "/a2"));

        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(api.body(first).path("definitions")).extracting(d -> d.path("name").asText() + " " + d.path("outcome").asText() + " " + d.path("version").asInt())
                .containsExactly("probe-apply-a new 1", "probe-apply-b new 1");
        assertThat(api.body(first).path("changed").asInt()).isEqualTo(2);
        assertThat(api.body(again).path("definitions").get(0).path("outcome").asText()).isEqualTo("changed");
        assertThat(api.body(again).path("definitions").get(0).path("version").asInt()).isEqualTo(2);
        JsonNode listed = api.body(api.get("/api/v1/definitions?kind=connector", api.viewer()));
        assertThat(listed).filteredOn(d -> d.path("name").asText().equals("probe-apply-b")).singleElement().satisfies(d -> {
            assertThat(d.path("origin").asText()).isEqualTo("bundle.yaml");
            assertThat(d.path("appliedBy").asText()).startsWith("tok_");
            assertThat(d.path("checksum").asText()).hasSize(64);
            assertThat(d.path("appliedAt").asText()).endsWith("Z");
        });
    }

    @Test
    void refusesABundleWithAProblemWith422WhereItIsAndAppliesNoneOfIt() {
        String bundle = connector("probe-half-good", "/a") + "---\n" + connector("probe-half-bad", "/b").replace("primaryKey: id", "primaryKey: [id]");

        HttpResponse<String> answer = call(api, "POST", "/api/v1/definitions?file=half.yaml", api.editor(), YAML, bundle);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        assertThat(Calls.contentType(answer)).startsWith("application/problem+json");
        JsonNode error = api.body(answer).path("errors").get(0);
        assertThat(error.path("file").asText()).isEqualTo("half.yaml");
        assertThat(error.path("line").asInt()).isEqualTo(17);
        assertThat(error.path("column").asInt()).isPositive();
        assertThat(error.path("path").asText()).isEqualTo("streams.items.primaryKey");
        assertThat(api.body(answer).path("detail").asText()).startsWith("The definitions have 1 problem; nothing was applied: half.yaml:17:");
        assertThat(api.get("/api/v1/definitions/Connector/probe-half-good", api.viewer()).statusCode()).isEqualTo(404);
    }

    @Test
    void aYamlSyntaxErrorIs422WithItsLineAndColumn() {
        HttpResponse<String> answer = call(api, "POST", "/api/v1/definitions", api.editor(), YAML, "kind: Connector\nname: [broken\nbaseUrl: x\n");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(422);
        JsonNode error = api.body(answer).path("errors").get(0);
        assertThat(error.path("file").asText()).isEqualTo("request.yaml");
        assertThat(error.path("line").asInt()).isPositive();
        assertThat(error.path("column").asInt()).isPositive();
    }

    @Test
    void showsOneDefinitionAsJsonWithItsETagOrAsItsYaml() {
        HttpResponse<String> json = api.get("/api/v1/definitions/Sync/" + ApiFixture.CLASSIC_SYNC, api.viewer());
        HttpResponse<String> yaml = call(api, "GET", "/api/v1/definitions/sync/" + ApiFixture.CLASSIC_SYNC, api.viewer(), null, null, "Accept", YAML);
        HttpResponse<String> unchanged = call(api, "GET", "/api/v1/definitions/Sync/" + ApiFixture.CLASSIC_SYNC, api.viewer(), null, null,
                "If-None-Match", "\"1\"");

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("ETag")).contains("\"1\"");
        JsonNode view = api.body(json);
        assertThat(view.path("kind").asText()).isEqualTo("Sync");
        assertThat(view.path("version").asInt()).isEqualTo(1);
        assertThat(view.path("current").asBoolean()).isTrue();
        assertThat(view.path("appliedBy").asText()).isEqualTo("local:test");
        assertThat(view.path("source").asText()).contains("name: crm-contacts-to-helpdesk");
        assertThat(Calls.contentType(yaml)).startsWith(YAML);
        assertThat(yaml.body()).isEqualTo(view.path("source").asText());
        assertThat(yaml.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(unchanged.body()).isEmpty();
    }

    @Test
    void putsOneDefinitionWithIfMatchAndRefusesAStaleVersionWith412() {
        String path = "/api/v1/definitions/Connector/probe-put";

        HttpResponse<String> created = call(api, "PUT", path, api.editor(), YAML, connector("probe-put", "/v1"), "If-None-Match", "*");
        HttpResponse<String> replaced = call(api, "PUT", path, api.editor(), YAML, connector("probe-put", "/v2"), "If-Match", "\"1\"");
        HttpResponse<String> stale = call(api, "PUT", path, api.editor(), YAML, connector("probe-put", "/v3"), "If-Match", "\"1\"");
        HttpResponse<String> exists = call(api, "PUT", path, api.editor(), YAML, connector("probe-put", "/v3"), "If-None-Match", "*");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.headers().firstValue("ETag")).contains("\"1\"");
        assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith(path));
        assertThat(api.body(created).path("outcome").asText()).isEqualTo("new");
        assertThat(replaced.statusCode()).as(replaced.body()).isEqualTo(200);
        assertThat(replaced.headers().firstValue("ETag")).contains("\"2\"");
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(api.body(stale).path("detail").asText()).isEqualTo("Connector 'probe-put' is at version 2, not \"1\" as If-Match says: it changed since you read it."
                + " Read version 2 (ETag \"2\") and make your change on top of it.");
        assertThat(api.body(stale).path("currentVersion").asInt()).isEqualTo(2);
        assertThat(exists.statusCode()).isEqualTo(412);
        assertThat(api.body(api.get(path, api.viewer())).path("source").asText()).contains("/v2");
    }

    @Test
    void putTakesTheDefinitionAsJsonTextToo() {
        String json = "{\"kind\":\"Connector\",\"name\":\"probe-json\",\"baseUrl\":\"https://probe.example\",\"streams\":{\"items\":"
                + "{\"request\":{\"path\":\"/items\"},\"records\":\"$.items\",\"primaryKey\":\"id\"}}}";

        HttpResponse<String> answer = call(api, "PUT", "/api/v1/definitions/Connector/probe-json", api.editor(), "application/json", json);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(api.body(api.get("/api/v1/definitions/Connector/probe-json", api.viewer())).path("origin").asText()).isEqualTo("probe-json.connector.yaml");
    }

    @Test
    void putRefusesABodyThatHoldsAnotherDefinition() {
        HttpResponse<String> answer = call(api, "PUT", "/api/v1/definitions/Connector/probe-other", api.editor(), YAML, connector("probe-else", "/x"));

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(api.body(answer).path("detail").asText()).isEqualTo("The body must hold exactly one definition, Connector 'probe-other'"
                + " (the one this address names); it holds Connector 'probe-else'.");
    }

    @Test
    void refusesToDeleteAConnectionASyncRefersToWith409NamingTheProblems() {
        HttpResponse<String> answer = call(api, "DELETE", "/api/v1/definitions/Connection/crm", api.editor(), null, null);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(409);
        JsonNode problem = api.body(answer);
        assertThat(problem.path("detail").asText()).startsWith("Connection 'crm' cannot be deleted: other definitions refer to it");
        assertThat(problem.path("errors").get(0).path("file").asText()).contains("crm-contacts-to-helpdesk.sync.yaml");
        assertThat(problem.path("errors").get(0).path("message").asText()).contains("crm");
        assertThat(api.get("/api/v1/definitions/Connection/crm", api.viewer()).statusCode()).isEqualTo(200);
    }

    @Test
    void deletesWithIfMatchAndKeepsTheHistory() {
        String path = "/api/v1/definitions/Connector/probe-delete";
        call(api, "PUT", path, api.editor(), YAML, connector("probe-delete", "/v1"));

        HttpResponse<String> stale = call(api, "DELETE", path, api.editor(), null, null, "If-Match", "\"7\"");
        HttpResponse<String> deleted = call(api, "DELETE", path, api.editor(), null, null, "If-Match", "\"1\"");

        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
        assertThat(api.get(path, api.viewer()).statusCode()).isEqualTo(404);
        JsonNode history = api.body(api.get(path + "/versions", api.viewer()));
        assertThat(history).singleElement().satisfies(v -> {
            assertThat(v.path("version").asInt()).isEqualTo(1);
            assertThat(v.path("current").asBoolean()).isFalse();
        });
        assertThat(call(api, "DELETE", path, api.editor(), null, null).statusCode()).isEqualTo(404);
    }

    @Test
    void rollsBackToAnEarlierVersionAsANewOne() {
        String path = "/api/v1/definitions/Connector/probe-rollback";
        call(api, "PUT", path, api.editor(), YAML, connector("probe-rollback", "/first"));
        call(api, "PUT", path, api.editor(), YAML, connector("probe-rollback", "/second"));

        HttpResponse<String> stale = call(api, "POST", path + "/rollback", api.editor(), "application/json", "{\"version\":1}", "If-Match", "\"1\"");
        HttpResponse<String> rolledBack = call(api, "POST", path + "/rollback", api.editor(), "application/json", "{\"version\":1}", "If-Match", "\"2\"");

        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(rolledBack.statusCode()).as(rolledBack.body()).isEqualTo(200);
        assertThat(rolledBack.headers().firstValue("ETag")).contains("\"3\"");
        assertThat(api.body(rolledBack).path("version").asInt()).isEqualTo(3);
        assertThat(api.body(api.get(path, api.viewer())).path("source").asText()).contains("/first").doesNotContain("/second");
        JsonNode history = api.body(api.get(path + "/versions", api.viewer()));
        assertThat(history).extracting(v -> v.path("version").asInt() + (v.path("current").asBoolean() ? " current" : "")).containsExactly("3 current", "2", "1");
        HttpResponse<String> second = call(api, "GET", path + "/versions/2", api.viewer(), null, null, "Accept", YAML);
        assertThat(second.body()).contains("/second");
    }

    @Test
    void answersAnUnknownKindNameOrVersionWith404() {
        HttpResponse<String> kind = api.get("/api/v1/definitions/Widget/x", api.viewer());
        HttpResponse<String> name = api.get("/api/v1/definitions/Sync/no-such-sync", api.viewer());
        HttpResponse<String> version = api.get("/api/v1/definitions/Sync/" + ApiFixture.CLASSIC_SYNC + "/versions/99", api.viewer());
        HttpResponse<String> notANumber = api.get("/api/v1/definitions/Sync/" + ApiFixture.CLASSIC_SYNC + "/versions/latest", api.viewer());

        assertThat(kind.statusCode()).isEqualTo(404);
        assertThat(api.body(kind).path("detail").asText()).isEqualTo("There is no kind of definition 'Widget'; the kinds are Connector, Connection, Sync, Flow, Alert, AlertChannel.");
        assertThat(name.statusCode()).isEqualTo(404);
        assertThat(api.body(name).path("detail").asText()).isEqualTo("No Sync named 'no-such-sync' is applied.");
        assertThat(version.statusCode()).isEqualTo(404);
        assertThat(notANumber.statusCode()).isEqualTo(400);
    }

    @Test
    void exportsEveryDefinitionAsYamlThatValidatesAgain() {
        HttpResponse<String> export = api.get("/api/v1/definitions/export", api.viewer());

        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(Calls.contentType(export)).startsWith(YAML);
        assertThat(export.body()).contains("kind: Sync", "name: " + ApiFixture.TENANT_SYNC, "name: globex-crm", "${env:GLOBEX_CRM_TOKEN}");
        HttpResponse<String> check = call(api, "POST", "/api/v1/definitions/validate?file=export.yaml", api.editor(), YAML, export.body());
        assertThat(api.body(check).path("valid").asBoolean()).as(check.body()).isTrue();
    }

    @Test
    void onlyOperatorEditorsChangeDefinitionsAndTenantTokensDoNotReadThem() {
        String yaml = connector("probe-refused", "/x");

        assertThat(call(api, "POST", "/api/v1/definitions", api.viewer(), YAML, yaml).statusCode()).isEqualTo(403);
        assertThat(call(api, "POST", "/api/v1/definitions", api.tenant("northwind", Role.ADMIN), YAML, yaml).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/definitions", api.tenant("northwind", Role.ADMIN)).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/definitions/Connection/northwind-crm", api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/definitions/Connector/probe-refused", api.admin()).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesAYamlBodyThatIsNotUtf8OrHasAnotherMediaType() {
        HttpResponse<String> xml = call(api, "POST", "/api/v1/definitions", api.editor(), "application/xml", "<a/>");
        HttpResponse<String> latin1 = call(api, "POST", "/api/v1/definitions", api.editor(), "application/yaml; charset=latin1", "kind: x");

        assertThat(xml.statusCode()).isEqualTo(415);
        assertThat(api.body(xml).path("detail").asText())
                .isEqualTo("This route takes application/yaml or application/x-yaml or text/yaml or text/x-yaml or application/json, not 'application/xml'.");
        assertThat(latin1.statusCode()).isEqualTo(415);
    }
}

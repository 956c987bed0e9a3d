package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Mappings over the API: the effective mapping as each tenant sees it, previews, and suggestions from a tenant's own streams. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MappingsApiTest {
    private static final String TENANT_MAPPING = "/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/mapping";
    ApiFixture api;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        api = ApiFixture.start(dataDir);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    private JsonNode ok(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return api.body(answer);
    }

    private static List<String> targets(JsonNode mapping) {
        return mapping.path("lines").findValuesAsText("target");
    }

    @Test
    void showsAPerTenantSyncsMappingAsEachTenantSeesIt() {
        JsonNode globex = ok(api.get(TENANT_MAPPING, api.tenant("globex", Role.VIEWER)));
        HttpResponse<String> northwind = api.get(TENANT_MAPPING, api.tenant("northwind", Role.VIEWER));
        JsonNode defaults = ok(api.get(TENANT_MAPPING, api.viewer()));

        assertThat(globex.path("tenant").asText()).isEqualTo("globex");
        assertThat(targets(globex)).contains("external_id", "priority", "profile.segment");
        JsonNode segment = globex.path("lines").findParents("target").stream().filter(l -> l.path("target").asText().equals("profile.segment"))
                .findFirst().orElseThrow();
        assertThat(segment.path("source").asText()).isEqualTo("= 'globex-' & properties.tier");
        assertThat(segment.path("origin").asText()).contains("globex-helpdesk");
        assertThat(targets(ok(northwind))).contains("external_id").doesNotContain("profile.segment");
        assertThat(northwind.body()).doesNotContain("globex");
        assertThat(defaults.path("tenant").isNull()).isTrue();
        assertThat(targets(defaults)).doesNotContain("profile.segment");
        assertThat(api.get(TENANT_MAPPING + "?tenant=globex", api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
        assertThat(targets(ok(api.get(TENANT_MAPPING + "?tenant=globex", api.viewer())))).contains("profile.segment");
    }

    @Test
    void showsAClassicSyncsMappingToOperatorsAsOneOfItsConnectionsWouldSeeIt() {
        String classic = "/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/mapping";
        JsonNode own = ok(api.get(classic, api.viewer()));
        JsonNode asGlobex = ok(api.get(classic + "?connection=globex-helpdesk", api.viewer()));

        assertThat(targets(own)).contains("profile.company").doesNotContain("profile.segment");
        assertThat(asGlobex.path("connection").asText()).isEqualTo("globex-helpdesk");
        assertThat(targets(asGlobex)).isEqualTo(targets(own)); // globex-helpdesk overrides the per-tenant sync, not this one
        assertThat(api.get(classic, api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
        assertThat(api.get(classic + "?connection=nope", api.viewer()).statusCode()).isEqualTo(404);
        assertThat(api.get(TENANT_MAPPING + "?connection=globex-helpdesk", api.viewer()).statusCode()).isEqualTo(400);
    }

    @Test
    void previewsATenantsRecordsThroughItsMappingFieldByField() {
        HttpResponse<String> answer = api.post(TENANT_MAPPING + "/preview", api.tenant("globex", Role.EDITOR), "{\"sample\": 2}");

        JsonNode preview = ok(answer);
        assertThat(preview.path("tenant").asText()).isEqualTo("globex");
        assertThat(preview.path("records")).hasSize(2).allSatisfy(r -> {
            assertThat(r.path("input").path("id").asText()).isNotEmpty();
            assertThat(r.path("output").path("external_id").asText()).isEqualTo(r.path("input").path("id").asText());
            assertThat(r.path("output").path("profile").path("segment").asText()).startsWith("globex-");
            assertThat(r.path("errors").isEmpty()).isTrue();
        });
        assertThat(preview.path("lookupProblem").isNull()).isTrue();
    }

    @Test
    void refusesPreviewsThatCannotBeAnsweredAsAsked() {
        HttpResponse<String> noTenant = api.post(TENANT_MAPPING + "/preview", api.editor(), "{}");
        assertThat(noTenant.statusCode()).isEqualTo(400);
        assertThat(api.body(noTenant).path("detail").asText())
                .isEqualTo("Sync '" + ApiFixture.TENANT_SYNC + "' runs per tenant; preview it for one tenant with {\"tenant\": \"T\"}.");
        assertThat(api.post(TENANT_MAPPING + "/preview", api.editor(), "{\"tenant\": \"globex\", \"sample\": 1001}").statusCode()).isEqualTo(400);
        assertThat(api.post(TENANT_MAPPING + "/preview", api.tenant("northwind", Role.EDITOR), "{\"tenant\": \"globex\"}").statusCode())
                .isEqualTo(404);
        assertThat(api.post("/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/mapping/preview", api.tenant("northwind", Role.EDITOR), "{}")
                .statusCode()).isEqualTo(404);
    }

    @Test
    void suggestsPairsFromATenantsOwnStreamsOnly() {
        String body = "{\"source\": {\"connection\": \"%s-crm\", \"stream\": \"contacts\"}, \"destination\": {\"connection\": \"%s-helpdesk\","
                + " \"stream\": \"users\"}, \"sample\": 20}";

        HttpResponse<String> own = api.post("/api/v1/mappings/suggest", api.tenant("northwind", Role.EDITOR), body.formatted("northwind", "northwind"));

        JsonNode suggested = ok(own);
        assertThat(suggested.path("suggestions")).isNotEmpty().allSatisfy(s -> {
            // the key pair (the source's key into the destination's external key) is made whatever the names score
            assertThat(s.path("score").asDouble()).isBetween(s.path("key").asBoolean() ? 0.0 : 0.6, 1.0);
            assertThat(s.path("line").asText()).contains(":");
        });
        assertThat(suggested.path("key").asText()).isEqualTo("external_id");
        assertThat(suggested.path("assigned").toString()).isEqualTo("[\"id\"]");
        assertThat(suggested.path("source").path("connection").asText()).isEqualTo("northwind-crm");
        for (String[] pair : List.of(new String[] {"globex", "globex"}, new String[] {"northwind", "globex"}, new String[] {"globex", "northwind"})) {
            HttpResponse<String> foreign = api.post("/api/v1/mappings/suggest", api.tenant("northwind", Role.EDITOR), body.formatted(pair[0], pair[1]));
            assertThat(foreign.statusCode()).as(String.join(",", pair)).isEqualTo(404);
        }
        assertThat(api.post("/api/v1/mappings/suggest", api.editor(), body.formatted("globex", "globex")).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesASuggestionWithoutBothStreamsOrWithAScoreOutOfRange() {
        String source = "\"source\": {\"connection\": \"crm\", \"stream\": \"contacts\"}";
        String destination = "\"destination\": {\"connection\": \"helpdesk\", \"stream\": \"users\"}";
        assertThat(api.post("/api/v1/mappings/suggest", api.editor(), "{" + source + "}").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v1/mappings/suggest", api.editor(), "{" + source + ", \"destination\": {\"connection\": \"helpdesk\"}}")
                .statusCode()).isEqualTo(400);
        HttpResponse<String> score = api.post("/api/v1/mappings/suggest", api.editor(), "{" + source + ", " + destination + ", \"minScore\": 2}");
        assertThat(score.statusCode()).isEqualTo(400);
        assertThat(api.body(score).path("detail").asText()).isEqualTo("'minScore' must be from 0 to 1; got 2.0.");
        assertThat(api.post("/api/v1/mappings/suggest", api.tenant("northwind", Role.EDITOR), "{" + source + "}").statusCode()).isEqualTo(400);
    }
}

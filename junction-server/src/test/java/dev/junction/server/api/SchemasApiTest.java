package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.engine.Runs;
import dev.junction.store.StoredSchema;
import dev.junction.sync.RunListener;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Stream schemas over the API: discovered, shown and their drift, each connection's tenant's. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemasApiTest {
    ApiFixture api;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        api = ApiFixture.start(dataDir);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    private static String schema(String connection, String stream) {
        return "/api/v1/connections/" + connection + "/streams/" + stream + "/schema";
    }

    @Test
    void discoversAStreamsSchemaStoresItAndShowsItAgain() {
        HttpResponse<String> discovered = api.post(schema("northwind-crm", "contacts") + "/discover", api.tenant("northwind", Role.EDITOR),
                "{\"sample\": 5}");

        assertThat(discovered.statusCode()).as(discovered.body()).isEqualTo(200);
        JsonNode found = api.body(discovered);
        assertThat(found.path("sampled").asLong()).isEqualTo(5);
        assertThat(found.path("schema").path("properties").has("id")).isTrue();
        HttpResponse<String> shown = api.get(schema("northwind-crm", "contacts"), api.tenant("northwind", Role.VIEWER));
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(api.body(shown).path("schema")).isEqualTo(found.path("schema"));
        assertThat(api.body(shown).path("sampled").asLong()).isEqualTo(5);
        assertThat(api.body(shown).path("updatedAt").asText()).isNotEmpty();
    }

    @Test
    void answersAnotherTenantsOrANoTenantConnectionsSchemaAs404() {
        api.post(schema("globex-crm", "contacts") + "/discover", api.editor(), "{\"sample\": 2}");
        String northwind = api.tenant("northwind", Role.ADMIN);
        for (String connection : List.of("globex-crm", "crm", "nope")) {
            assertThat(api.post(schema(connection, "contacts") + "/discover", northwind, "{}").statusCode()).isEqualTo(404);
            HttpResponse<String> shown = api.get(schema(connection, "contacts"), northwind);
            assertThat(shown.statusCode()).isEqualTo(404);
            assertThat(shown.body()).doesNotContain("globex");
            assertThat(api.get(schema(connection, "contacts") + "/drift", northwind).statusCode()).isEqualTo(404);
        }
        assertThat(api.get(schema("globex-crm", "contacts"), api.viewer()).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAnUnknownStreamABadSampleAndAViewerDiscovering() {
        HttpResponse<String> stream = api.post(schema("crm", "deals") + "/discover", api.editor(), "{}");
        assertThat(stream.statusCode()).isEqualTo(404);
        assertThat(api.body(stream).path("detail").asText()).startsWith("Connector 'acme-crm' (of connection 'crm') has no stream 'deals'; it has");
        assertThat(api.post(schema("crm", "contacts") + "/discover", api.editor(), "{\"sample\": 0}").statusCode()).isEqualTo(400);
        assertThat(api.post(schema("crm", "contacts") + "/discover", api.editor(), "{\"sample\": \"5\"}").statusCode()).isEqualTo(400);
        assertThat(api.post(schema("crm", "contacts") + "/discover", api.viewer(), "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> none = api.get(schema("crm", "agents"), api.viewer());
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(api.body(none).path("detail").asText()).startsWith("No schema is stored for stream 'agents' of connection 'crm'");
    }

    @Test
    void listsTheDriftARunSawAgainstTheStoredSchemaNewestFirst() {
        String minimal = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}";
        api.engine.store().schemas().save(new StoredSchema("globex-crm", "contacts", minimal, 1, Instant.now()));
        api.engine.runs().run(api.engine.definitions().applied(), new Runs.Request(ApiFixture.TENANT_SYNC, "globex", "test", false), RunListener.NONE);

        HttpResponse<String> drift = api.get(schema("globex-crm", "contacts") + "/drift?limit=2", api.tenant("globex", Role.VIEWER));

        assertThat(drift.statusCode()).as(drift.body()).isEqualTo(200);
        JsonNode events = api.body(drift).path("items");
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.path("change").asText()).isEqualTo("added");
            assertThat(e.path("run").asText()).isNotEmpty();
        });
        assertThat(api.get(schema("globex-crm", "contacts") + "/drift?limit=0", api.tenant("globex", Role.VIEWER)).statusCode()).isEqualTo(400);
    }
}

package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.spec.SourceText;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection health over the API, against the sandboxes playing each tenant's CRM and Helpdesk (the
 * examples' connectors declare check:): a check now, its history, the connection's status, a reset,
 * and who may do which.
 */
class ConnectionHealthApiTest {
    @TempDir
    static Path dataDir;
    static ApiFixture api;

    @BeforeAll
    static void start() {
        api = ApiFixture.start(dataDir);
        var applied = api.engine.definitions().apply(List.of(new SourceText("test/broken.yaml", """
                kind: Connection
                name: globex-crm-broken
                connector: acme-crm
                tenant: globex
                config: { baseUrl: "${env:GLOBEX_CRM_URL}" }
                secrets: { token: "${env:GLOBEX_CRM_TOKEN_THAT_IS_NOT_SET}" }
                """)), "local:test");
        assertThat(applied.ok()).as(String.valueOf(applied.result().problems())).isTrue();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void anEditorChecksItsTenantsConnectionAndItsStatusAndHistoryFollow() {
        String editor = api.tenant("globex", Role.EDITOR);
        assertThat(api.body(api.get("/api/v1/connections/globex-helpdesk", editor)).path("status").asText()).isEqualTo("unknown");

        HttpResponse<String> checked = api.post("/api/v1/connections/globex-helpdesk/check", editor, "{}");

        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(200);
        JsonNode check = api.body(checked);
        assertThat(check.path("status").asText()).isEqualTo("ok");
        assertThat(check.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(check.path("trigger").asText()).isEqualTo("api");
        JsonNode connection = api.body(api.get("/api/v1/connections/globex-helpdesk", api.tenant("globex", Role.VIEWER)));
        assertThat(connection.path("status").asText()).isEqualTo("ok");
        assertThat(connection.path("checkMethod").asText()).isEqualTo("check");
        assertThat(connection.path("lastCheck").path("id").asLong()).isEqualTo(check.path("id").asLong());
        JsonNode health = api.body(api.get("/api/v1/connections/globex-helpdesk/health", api.tenant("globex", Role.VIEWER)));
        assertThat(health.path("status").asText()).isEqualTo("ok");
        JsonNode checks = api.body(api.get("/api/v1/connections/globex-helpdesk/checks?limit=5", api.tenant("globex", Role.VIEWER)));
        assertThat(checks).hasSize(1);
        assertThat(checks.get(0).path("id").asLong()).isEqualTo(check.path("id").asLong());
        assertThat(api.body(api.get("/api/v1/connections", api.tenant("globex", Role.VIEWER))))
                .filteredOn(c -> c.path("name").asText().equals("globex-helpdesk")).singleElement()
                .satisfies(c -> assertThat(c.path("status").asText()).isEqualTo("ok"));
    }

    @Test
    void aFailingCheckSaysWhyAndKeepsTheSecretOut() {
        JsonNode check = api.body(api.post("/api/v1/connections/globex-crm-broken/check", api.editor(), "{}"));

        assertThat(check.path("status").asText()).isEqualTo("failing");
        assertThat(check.path("httpStatus").isNull()).isTrue();
        assertThat(check.path("error").asText()).contains("GLOBEX_CRM_TOKEN_THAT_IS_NOT_SET");
        JsonNode connection = api.body(api.get("/api/v1/connections/globex-crm-broken", api.viewer()));
        assertThat(connection.path("status").asText()).isEqualTo("failing");
        assertThat(connection.path("statusDetail").asText()).contains("GLOBEX_CRM_TOKEN_THAT_IS_NOT_SET");

        JsonNode reset = api.body(api.post("/api/v1/connections/globex-crm-broken/reset", api.editor(), "{}"));

        assertThat(reset.path("status").asText()).isEqualTo("unknown");
        assertThat(reset.path("lastCheck").path("status").asText()).as("the history stays").isEqualTo("failing");
        String everything = api.get("/api/v1/connections/globex-crm/checks", api.viewer()).body()
                + api.post("/api/v1/connections/globex-crm/check", api.editor(), "{}").body();
        assertThat(everything).doesNotContain(api.globex.crm().token());
    }

    @Test
    void aViewerCannotCheckOrResetAndAnotherTenantSeesNothing() {
        assertThat(api.post("/api/v1/connections/globex-crm/check", api.tenant("globex", Role.VIEWER), "{}").statusCode()).isEqualTo(403);
        assertThat(api.post("/api/v1/connections/globex-crm/reset", api.tenant("globex", Role.VIEWER), "{}").statusCode()).isEqualTo(403);
        for (String path : List.of("/api/v1/connections/globex-crm/check", "/api/v1/connections/globex-crm/reset")) {
            assertThat(api.post(path, api.tenant("northwind", Role.EDITOR), "{}").statusCode()).as(path).isEqualTo(404);
        }
        assertThat(api.get("/api/v1/connections/globex-crm/checks", api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/connections/crm/check", api.tenant("globex", Role.EDITOR), "{}").statusCode())
                .as("an operator's connection").isEqualTo(404);
        assertThat(api.post("/api/v1/connections/no-such/check", api.editor(), "{}").statusCode()).isEqualTo(404);
    }
}

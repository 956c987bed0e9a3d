package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connections made, changed and deleted over the API: secrets stored and never returned, tenant tokens
 * confined to their tenant, clear problems for what does not fit the connector, and a tenant's key
 * rotation and erasure.
 */
class ConnectionsApiTest {
    private static final String SECRET = "northwind-crm-token"; // the sandbox's token, given as a value

    @TempDir
    Path dataDir;
    ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private String crm(String name, String tenantField) {
        return "{\"connector\": \"acme-crm\", \"name\": \"" + name + "\"" + (tenantField == null ? "" : ", \"tenant\": \"" + tenantField + "\"")
                + ", \"config\": {\"baseUrl\": \"" + api.northwind.crm().baseUrl() + "\"}, \"secrets\": {\"token\": \"" + SECRET + "\"}}";
    }

    private HttpResponse<String> send(String method, String path, String token, String body) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)), token);
    }

    @Test
    void aTenantTokenMakesItsOwnConnectionWhoseSecretIsStoredAndNeverReturned() {
        String token = api.tenant("northwind", Role.EDITOR);

        HttpResponse<String> made = api.post("/api/v1/connections", token, crm("northwind-crm-2", null));

        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(made.headers().firstValue("Location")).hasValueSatisfying(l -> l.endsWith("/api/v1/connections/northwind-crm-2"));
        JsonNode body = api.body(made);
        assertThat(body.at("/connection/tenant").asText()).isEqualTo("northwind");
        assertThat(body.at("/version").asInt()).isEqualTo(1);
        assertThat(body.at("/connection/secrets/token").toString()).isEqualTo("{\"set\":true,\"stored\":true}");
        HttpResponse<String> shown = api.get("/api/v1/connections/northwind-crm-2", token);
        assertThat(api.body(shown).at("/secrets/token").toString()).isEqualTo("{\"set\":true,\"stored\":true}");
        HttpResponse<String> definition = api.get("/api/v1/definitions/Connection/northwind-crm-2", api.viewer());
        // a customer's connection is recorded as the tenant's (its requests follow the tenant's egress policy)
        assertThat(api.body(definition).at("/appliedBy").asText()).startsWith("tenant:northwind/tok_");
        for (HttpResponse<String> r : java.util.List.of(made, shown, definition, api.get("/api/v1/definitions/export", api.viewer()))) {
            assertThat(r.body()).doesNotContain(SECRET);
        }
        // a customer's connection may not reach the server's own network (the sandbox on 127.0.0.1) unless the operator allows it;
        // ManagedConnectionsTest and ConnectFlowTest read through stored values with private addresses allowed
        HttpResponse<String> sample = api.post("/api/v1/connections/northwind-crm-2/streams/contacts/schema/discover", token, "{\"sample\": 2}");
        assertThat(sample.statusCode()).as(sample.body()).isEqualTo(502);
        assertThat(api.body(sample).at("/upstreamCode").asText()).isEqualTo("egress_refused");
        assertThat(api.body(sample).at("/detail").asText()).contains("a loopback address; a tenant's connection may not reach it");
    }

    @Test
    void aTenantTokenCannotMakeOrTouchAnotherTenantsConnection() {
        String northwind = api.tenant("northwind", Role.EDITOR);
        assertThat(api.post("/api/v1/connections", api.tenant("globex", Role.EDITOR), crm("globex-crm-2", null)).statusCode()).isEqualTo(201);

        assertThat(api.post("/api/v1/connections", northwind, crm("x-crm", "globex")).statusCode()).isEqualTo(404);
        assertThat(send("PATCH", "/api/v1/connections/globex-crm-2", northwind, "{\"secrets\": {\"token\": \"mine\"}}").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/v1/connections/globex-crm-2", northwind).statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/connections", api.tenant("northwind", Role.VIEWER), crm("y-crm", null)).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/connections/globex-crm-2", api.tenant("globex", Role.VIEWER)).statusCode()).isEqualTo(200);
    }

    @Test
    void whatDoesNotFitTheConnectorIsAProblemThatSaysWhat() {
        HttpResponse<String> unknown = api.post("/api/v1/connections", api.editor(), "{\"connector\": \"acme-crn\", \"name\": \"a\", \"tenant\": \"acme\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(t -> t.startsWith("application/problem+json"));
        assertThat(api.body(unknown).at("/detail").asText()).isEqualTo("Unknown connector 'acme-crn'; applied connectors: acme-crm, helpdesk.");

        HttpResponse<String> missing = api.post("/api/v1/connections", api.editor(),
                "{\"connector\": \"acme-crm\", \"name\": \"a\", \"tenant\": \"acme\", \"config\": {\"baseUrl\": \"http://x\", \"colour\": \"red\"}}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(api.body(missing).at("/detail").asText()).contains("config.colour: unknown field", "secrets.token: required by connector 'acme-crm'");

        HttpResponse<String> field = api.post("/api/v1/connections", api.editor(), "{\"connector\": \"acme-crm\", \"name\": \"a\", \"secretz\": {}}");
        assertThat(field.statusCode()).isEqualTo(400);

        HttpResponse<String> taken = api.post("/api/v1/connections", api.editor(), crm("globex-crm", "acme"));
        assertThat(taken.statusCode()).isEqualTo(409);
        assertThat(api.body(taken).at("/detail").asText()).startsWith("A connection named 'globex-crm' exists already");
        assertThat(taken.body()).doesNotContain("globex-crm-token");

        HttpResponse<String> yaml = send("PATCH", "/api/v1/connections/globex-crm", api.editor(), "{\"secrets\": {\"token\": \"x\"}}");
        assertThat(yaml.statusCode()).isEqualTo(409);
    }

    @Test
    void aConnectionIsChangedReplacedAndDeleted() {
        String token = api.tenant("northwind", Role.EDITOR);
        HttpResponse<String> made = api.post("/api/v1/connections", token, crm("northwind-crm-2", null));
        // northwind has a CRM connection already (YAML): a second one does not move its per-tenant syncs unless marked primary
        assertThat(api.body(made).at("/connection/primary").asBoolean()).isFalse();
        HttpResponse<String> primary = send("PATCH", "/api/v1/connections/northwind-crm-2", token, "{\"primary\": true}");
        assertThat(primary.statusCode()).as(primary.body()).isEqualTo(200);
        assertThat(api.body(primary).at("/connection/primary").asBoolean()).isTrue();
        assertThat(api.body(api.get("/api/v1/connections/northwind-crm-2", token)).at("/primary").asBoolean()).isTrue();

        HttpResponse<String> patched = send("PATCH", "/api/v1/connections/northwind-crm-2", token, "{\"config\": {\"baseUrl\": \"http://127.0.0.1:9\"}}");
        assertThat(patched.statusCode()).as(patched.body()).isEqualTo(200);
        assertThat(api.body(patched).at("/version").asInt()).isEqualTo(3);
        assertThat(api.body(patched).at("/connection/primary").asBoolean()).as("a change that does not name primary keeps it").isTrue();
        assertThat(api.body(patched).at("/tokensKept").asBoolean()).isTrue();
        assertThat(api.body(patched).at("/connection/config/baseUrl/value").asText()).isEqualTo("http://127.0.0.1:9");

        HttpResponse<String> put = send("PUT", "/api/v1/connections/northwind-crm-2", token, "{\"config\": {\"baseUrl\": \"http://127.0.0.1:9\"}}");
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(api.body(put).at("/detail").asText()).contains("secrets.token: required");
        HttpResponse<String> changedConnector = send("PATCH", "/api/v1/connections/northwind-crm-2", token, "{\"connector\": \"helpdesk\"}");
        assertThat(changedConnector.statusCode()).isEqualTo(400);

        assertThat(api.delete("/api/v1/connections/northwind-crm-2", token).statusCode()).isEqualTo(204);
        assertThat(api.get("/api/v1/connections/northwind-crm-2", token).statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/v1/connections/northwind-crm-2", token).statusCode()).isEqualTo(404);
    }

    @Test
    void aTenantsKeyIsRotatedAndTheTenantErased() {
        api.post("/api/v1/connections", api.tenant("globex", Role.EDITOR), crm("globex-crm-2", null));

        HttpResponse<String> rotated = api.post("/api/v1/tenants/globex/rotate-key", api.tenant("globex", Role.ADMIN), "{}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(api.body(rotated).at("/values").asInt()).isEqualTo(1);
        assertThat(api.post("/api/v1/tenants/globex/rotate-key", api.tenant("northwind", Role.ADMIN), "{}").statusCode()).isEqualTo(404);
        assertThat(api.delete("/api/v1/tenants/globex", api.tenant("globex", Role.ADMIN)).statusCode()).isEqualTo(403);

        HttpResponse<String> erased = api.delete("/api/v1/tenants/globex", api.admin());
        assertThat(erased.statusCode()).as(erased.body()).isEqualTo(200);
        assertThat(api.body(erased).at("/connections").toString()).contains("globex-crm", "globex-helpdesk", "globex-crm-2");
        assertThat(api.get("/api/v1/tenants/globex", api.viewer()).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/connections", api.tenant("globex", Role.VIEWER)).statusCode()).isEqualTo(401); // its tokens went with it
        assertThat(api.delete("/api/v1/tenants/default", api.admin()).statusCode()).isEqualTo(400);
    }
}

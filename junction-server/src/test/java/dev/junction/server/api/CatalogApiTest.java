package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.server.Route;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connectors and syncs (global), connections and tenants (tenant-owned) over the API; and no answer ever holds a secret. */
class CatalogApiTest {
    static final List<String> CONNECTIONS = List.of("crm", "helpdesk", "northwind-crm", "northwind-helpdesk", "globex-crm", "globex-helpdesk", "warehouse");
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

    @Test
    void listsConnectorsToTenantTokensToo() {
        HttpResponse<String> answer = api.get("/api/v1/connectors", api.tenant("northwind", Role.VIEWER));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(api.body(answer)).filteredOn(c -> c.path("name").asText().equals("acme-crm")).singleElement().satisfies(c -> {
            assertThat(c.path("authType").asText()).isEqualTo("bearer");
            assertThat(c.path("streams")).extracting(JsonNode::asText).containsExactly("contacts", "owners");
        });
    }

    @Test
    void showsAConnectorsStreamsActionsAuthAndRateLimitAtAGlance() {
        JsonNode crm = api.body(api.get("/api/v1/connectors/acme-crm", api.viewer()));
        JsonNode helpdesk = api.body(api.get("/api/v1/connectors/helpdesk", api.viewer()));

        JsonNode contacts = crm.path("streams").get(0);
        assertThat(contacts.path("name").asText()).isEqualTo("contacts");
        assertThat(contacts.path("method").asText()).isEqualTo("GET");
        assertThat(contacts.path("path").asText()).isEqualTo("/v1/contacts");
        assertThat(contacts.path("primaryKey").asText()).isEqualTo("id");
        assertThat(contacts.path("cursorField").asText()).isEqualTo("updatedAt");
        assertThat(contacts.path("pagination").asText()).isEqualTo("cursor");
        assertThat(crm.path("auth").path("type").asText()).isEqualTo("bearer");
        assertThat(crm.path("secrets")).extracting(JsonNode::asText).containsExactly("token", "webhookSecret");
        assertThat(crm.toString()).doesNotContain("secrets.token");
        JsonNode upsert = helpdesk.path("actions").get(0);
        assertThat(upsert.path("name").asText()).isEqualTo("upsertUsers");
        assertThat(upsert.path("batchMaxRecords").asInt()).isEqualTo(50);
        assertThat(upsert.path("idempotencyKeyHeader").asText()).isEqualTo("Idempotency-Key");
        assertThat(helpdesk.path("auth").path("type").asText()).isEqualTo("api-key");
        assertThat(helpdesk.path("auth").path("in").asText()).isEqualTo("header");
        assertThat(helpdesk.path("auth").path("name").asText()).isEqualTo("X-Api-Key");
        assertThat(helpdesk.path("streams").get(0).path("pagination").asText()).isEqualTo("offset");
        assertThat(api.get("/api/v1/connectors/no-such", api.viewer()).statusCode()).isEqualTo(404);
    }

    @Test
    void showsASyncsSidesModesAndMappingLines() {
        JsonNode perTenant = api.body(api.get("/api/v1/syncs/" + ApiFixture.TENANT_SYNC, api.tenant("globex", Role.VIEWER)));
        JsonNode classic = api.body(api.get("/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC, api.viewer()));

        assertThat(perTenant.path("perTenant").asBoolean()).isTrue();
        assertThat(perTenant.path("source").path("connector").asText()).isEqualTo("acme-crm");
        assertThat(perTenant.path("source").path("stream").asText()).isEqualTo("contacts");
        assertThat(perTenant.path("source").path("mode").asText()).isEqualTo("full");
        assertThat(perTenant.path("destination").path("action").asText()).isEqualTo("upsertUsers");
        assertThat(perTenant.path("destination").path("key").asText()).isEqualTo("external_id");
        assertThat(perTenant.path("destination").path("mode").asText()).isEqualTo("upsert");
        assertThat(perTenant.path("mapping")).extracting(l -> l.path("target").asText() + " <- " + l.path("source").asText())
                .contains("external_id <- id", "name <- = properties.firstname & ' ' & properties.lastname");
        assertThat(perTenant.has("schedule")).isFalse();
        assertThat(classic.path("perTenant").asBoolean()).isFalse();
        assertThat(classic.path("source").path("connection").asText()).isEqualTo("crm");
        assertThat(classic.path("onRowError").asText()).isEqualTo("dead-letter");
        assertThat(api.body(api.get("/api/v1/syncs", api.viewer()))).extracting(s -> s.path("name").asText())
                .contains(ApiFixture.TENANT_SYNC, ApiFixture.CLASSIC_SYNC);
        assertThat(api.get("/api/v1/syncs/no-such", api.viewer()).statusCode()).isEqualTo(404);
    }

    @Test
    void aTenantTokenListsOnlyItsOwnConnectionsAndAnOperatorAll() {
        List<String> northwind = names(api.get("/api/v1/connections", api.tenant("northwind", Role.VIEWER)));
        List<String> all = names(api.get("/api/v1/connections", api.viewer()));
        List<String> globex = names(api.get("/api/v1/connections?tenant=globex", api.viewer()));

        assertThat(northwind).containsExactlyInAnyOrder("northwind-crm", "northwind-helpdesk");
        assertThat(all).containsExactlyInAnyOrderElementsOf(CONNECTIONS);
        assertThat(globex).containsExactlyInAnyOrder("globex-crm", "globex-helpdesk");
        assertThat(api.get("/api/v1/connections?tenant=globex", api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
        JsonNode first = api.body(api.get("/api/v1/connections?tenant=northwind", api.viewer())).get(0);
        assertThat(first.path("status").asText()).isEqualTo("unknown");
        assertThat(first.path("tenant").asText()).isEqualTo("northwind");
    }

    @Test
    void showsAConnectionsSecretsOnlyAsReferences() {
        HttpResponse<String> answer = api.get("/api/v1/connections/northwind-crm", api.tenant("northwind", Role.VIEWER));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode connection = api.body(answer);
        assertThat(connection.path("connector").asText()).isEqualTo("acme-crm");
        assertThat(connection.path("secrets").path("token").path("set").asBoolean()).isTrue();
        assertThat(connection.path("secrets").path("token").path("reference").asText()).isEqualTo("${env:NORTHWIND_CRM_TOKEN}");
        assertThat(connection.path("secrets").path("token").has("value")).isFalse();
        assertThat(connection.path("config").path("baseUrl").path("reference").asText()).isEqualTo("${env:NORTHWIND_CRM_URL}");
        assertThat(answer.body()).doesNotContain(api.northwind.crm().token(), api.northwind.crm().baseUrl().toString());
        JsonNode globex = api.body(api.get("/api/v1/connections/globex-helpdesk", api.viewer()));
        assertThat(globex.path("mappingOverrides")).extracting(JsonNode::asText).containsExactly(ApiFixture.TENANT_SYNC);
        JsonNode warehouse = api.body(api.get("/api/v1/connections/warehouse", api.admin()));
        assertThat(warehouse.path("database").asBoolean()).isTrue();
        assertThat(warehouse.path("secrets").path("database.url").path("reference").asText()).isEqualTo("${env:WAREHOUSE_URL}");
    }

    @Test
    void aTenantTokenGets404ForAnotherTenantsConnectionAndForOneOfTheDefaultTenant() {
        String northwind = api.tenant("northwind", Role.ADMIN);

        for (String path : List.of("/api/v1/connections/globex-crm", "/api/v1/connections/globex-crm/health", "/api/v1/connections/crm",
                "/api/v1/connections/no-such")) {
            HttpResponse<String> answer = api.get(path, northwind);
            assertThat(answer.statusCode()).as(path).isEqualTo(404);
            assertThat(api.body(answer).path("detail").asText()).as(path).isEqualTo("Nothing at this address is visible to this token.");
        }
        assertThat(api.get("/api/v1/connections/crm", api.viewer()).statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/connections/no-such", api.viewer()).statusCode()).isEqualTo(404);
    }

    @Test
    void showsAConnectionsHealthWithItsSignals() {
        JsonNode health = api.body(api.get("/api/v1/connections/globex-crm/health", api.tenant("globex", Role.VIEWER)));

        assertThat(health.path("name").asText()).isEqualTo("globex-crm");
        assertThat(health.path("status").asText()).isEqualTo("unknown");
        assertThat(health.path("signals").isArray()).isTrue();
    }

    @Test
    void aTenantTokenSeesOnlyItsOwnTenant() {
        List<String> all = names(api.get("/api/v1/tenants", api.viewer()));
        List<String> own = names(api.get("/api/v1/tenants", api.tenant("northwind", Role.VIEWER)));
        JsonNode globex = api.body(api.get("/api/v1/tenants/globex", api.viewer()));

        assertThat(all).containsExactly("default", "globex", "northwind"); // connections that name no tenant are the default tenant's
        assertThat(own).containsExactly("northwind");
        assertThat(globex.path("connections")).extracting(c -> c.path("name").asText()).containsExactlyInAnyOrder("globex-crm", "globex-helpdesk");
        assertThat(api.get("/api/v1/tenants/globex", api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/tenants/initech", api.viewer()).statusCode()).isEqualTo(404);
    }

    /**
     * Every GET route the server serves, with every object of the fixture in its path, as an operator
     * admin and as a tenant admin: no answer holds a credential of any sandbox or any token's secret.
     */
    @Test
    void noReadAnswersASecretValue() {
        List<String> secrets = new ArrayList<>(List.of(api.northwind.crm().token(), api.northwind.helpdesk().apiKey(), api.globex.crm().token(),
                api.globex.helpdesk().apiKey(), api.demo.crm().token(), api.demo.helpdesk().apiKey(), api.admin(), api.editor(), api.viewer()));
        for (String tenant : List.of("northwind", "globex")) {
            for (Role role : Role.values()) {
                secrets.add(api.tenant(tenant, role));
            }
        }
        List<String> connectors = List.of("acme-crm", "helpdesk");
        List<String> syncs = List.of(ApiFixture.TENANT_SYNC, ApiFixture.CLASSIC_SYNC);
        List<String> names = new ArrayList<>(CONNECTIONS);
        names.addAll(connectors);
        names.addAll(syncs);
        Map<String, List<String>> values = Map.of("connection", CONNECTIONS, "name", names, "kind", List.of("Connector", "Connection", "Sync"),
                "tenant", List.of("northwind", "globex"), "version", List.of("1"), "id", tokenIds());
        int calls = 0;
        for (Route route : api.server.routes()) {
            if (!route.method().equals("GET")) {
                continue;
            }
            for (String path : paths(route.path(), values)) {
                for (String token : List.of(api.admin(), api.tenant("globex", Role.ADMIN))) {
                    HttpResponse<String> answer = api.get(path, token);
                    calls++;
                    assertThat(answer.statusCode()).as(path).isLessThan(500);
                    for (String secret : secrets) {
                        assertThat(answer.body()).as("GET %s", path).doesNotContain(secret);
                    }
                }
            }
        }
        assertThat(calls).isGreaterThan(100);
    }

    private static List<String> tokenIds() {
        List<String> ids = new ArrayList<>();
        api.body(api.get("/api/v1/tokens", api.admin())).forEach(t -> ids.add(t.path("id").asText()));
        return ids;
    }

    /** Every path the template makes with the values given per parameter (a parameter without values: "probe"). */
    private static List<String> paths(String template, Map<String, List<String>> values) {
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        if (!m.find()) {
            return List.of(template);
        }
        List<String> paths = new ArrayList<>();
        for (String value : values.getOrDefault(m.group(1), List.of("probe"))) {
            String filled = template.substring(0, m.start()) + URLEncoder.encode(value, StandardCharsets.UTF_8) + template.substring(m.end());
            paths.addAll(paths(filled, values));
        }
        return paths;
    }

    private static List<String> names(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        api.body(answer).forEach(n -> names.add(n.path("name").asText()));
        return names;
    }
}

package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/syncs/{name}/audits} starts an audit in the background (202, Location);
 * {@code GET /api/v1/audits/{id}} shows it and, once it ended, its report; {@code GET /api/v1/audits}
 * lists them. A viewer cannot start one, a tenant token does not see a classic sync's, and a sync
 * without an audit: section is refused saying what to add.
 */
class SyncAuditsApiTest {
    @TempDir
    Path dataDir;

    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start(dataDir);
        var applied = api.engine.definitions().apply(java.util.List.of(new dev.junction.spec.SourceText("audited.sync.yaml", """
                kind: Sync
                name: audited
                source: { connector: acme-crm, stream: contacts }
                destination: { connector: helpdesk, action: upsertUsers, key: external_id }
                mapping:
                  external_id: id
                  email: properties.email
                audit: { stream: users }
                """)));
        assertThat(applied.result().problems()).isEmpty();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void anAuditStartsInTheBackgroundAndItsUrlShowsTheReportOnceItEnds() {
        HttpResponse<String> started = api.post("/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/audits", api.editor(), "{\"samples\": 2}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = api.body(started).path("id").asText();
        String location = started.headers().firstValue("Location").orElseThrow();
        assertThat(location).endsWith("/api/v1/audits/" + id);
        JsonNode ended = await().atMost(Duration.ofSeconds(60)).until(() -> api.body(api.get("/api/v1/audits/" + id, api.viewer())),
                audit -> !audit.path("status").asText().equals("running"));
        assertThat(ended.path("status").asText()).as(ended.toString()).isEqualTo("differences");
        assertThat(ended.path("sourceRecords").asLong()).isEqualTo(30);
        assertThat(ended.path("missing").asLong()).as("nothing was synced yet: only the Helpdesk's seeded users linked to contacts are there")
                .isPositive().isEqualTo(ended.path("report").path("missing").asLong());
        assertThat(ended.path("report").path("samples").path("missing")).hasSize(2);
        assertThat(ended.path("report").path("fields").get(0).asText()).isEqualTo("email");

        JsonNode list = api.body(api.get("/api/v1/audits?sync=" + ApiFixture.CLASSIC_SYNC, api.viewer()));
        assertThat(list.path("items")).hasSize(1);
        assertThat(list.path("items").get(0).path("id").asText()).isEqualTo(id);
        assertThat(list.path("items").get(0).path("report").isNull()).as("a list carries no reports").isTrue();

        assertThat(api.get("/api/v1/audits/" + id, api.tenant("globex", Role.ADMIN)).statusCode()).as("a classic sync's audit is operators'").isEqualTo(404);
        assertThat(api.body(api.get("/api/v1/audits", api.tenant("globex", Role.VIEWER))).path("items")).isEmpty();
    }

    @Test
    void aTenantTokenAuditsItsOwnTenantOnlyAndSeesOnlyItsOwnAudits() {
        HttpResponse<String> started = api.post("/api/v1/syncs/audited/audits", api.tenant("globex", Role.EDITOR), "{}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode audit = api.body(started);
        assertThat(audit.path("tenant").asText()).isEqualTo("globex");
        String id = audit.path("id").asText();
        JsonNode ended = await().atMost(Duration.ofSeconds(60)).until(() -> api.body(api.get("/api/v1/audits/" + id, api.tenant("globex", Role.VIEWER))),
                a -> !a.path("status").asText().equals("running"));
        assertThat(ended.path("sourceRecords").asLong()).as(ended.toString()).isEqualTo(7); // globex's CRM has 7 contacts
        assertThat(api.post("/api/v1/syncs/audited/audits", api.tenant("northwind", Role.EDITOR), "{\"tenant\": \"globex\"}").statusCode())
                .isEqualTo(404);
        assertThat(api.get("/api/v1/audits/" + id, api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
        assertThat(api.body(api.get("/api/v1/audits", api.tenant("northwind", Role.VIEWER))).path("items")).isEmpty();
        assertThat(api.body(api.get("/api/v1/audits?tenant=globex", api.viewer())).path("items")).hasSize(1);
        assertThat(api.post("/api/v1/syncs/audited/audits", api.editor(), "{}").statusCode()).as("an operator names the tenant").isEqualTo(400);
    }

    @Test
    void aViewerCannotStartAnAuditAndASyncWithoutAnAuditSectionIsRefusedSayingWhatToAdd() {
        assertThat(api.post("/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/audits", api.viewer(), "{}").statusCode()).isEqualTo(403);

        HttpResponse<String> refused = api.post("/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/audits", api.editor(), "{\"tenant\": \"globex\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(api.body(refused).path("detail").asText()).isEqualTo("Sync '" + ApiFixture.TENANT_SYNC + "' has no audit: section, so Junction does"
                + " not know which destination stream to compare with; add audit: { stream: STREAM, key: FIELD } to the sync (docs/syncs.md#audits).");
        assertThat(api.post("/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/audits", api.editor(), "{\"samples\": 5000}").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/audits/nope", api.viewer()).statusCode()).isEqualTo(404);
    }
}

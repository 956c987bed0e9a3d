package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.store.RunStatus;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/runs}: a run is stored in the run queue before the 202, then executed by the queue's workers. */
class RunStartApiTest {
    @TempDir
    Path dataDir;

    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    private JsonNode awaitEnd(String runId, String token) {
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            run[0] = api.body(api.get("/api/v1/runs/" + runId, token));
            String status = run[0].path("status").asText();
            return !status.equals("queued") && !status.equals("running");
        });
        return run[0];
    }

    @Test
    void aStartedRunIsQueuedAnsweredWithItsLocationAndRunsToTheEnd() {
        api.engine.runQueue().start();

        HttpResponse<String> started = api.post("/api/v1/runs", api.editor(), "{\"sync\": \"" + ApiFixture.CLASSIC_SYNC + "\"}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String id = api.body(started).path("runs").get(0).path("id").asText();
        assertThat(started.headers().firstValue("Location")).hasValue(api.uri("/api/v1/runs/" + id).toString());
        JsonNode run = awaitEnd(id, api.viewer());
        assertThat(run.path("status").asText()).isEqualTo("succeeded");
        assertThat(run.path("trigger").asText()).isEqualTo("api");
        assertThat(run.path("counters").path("read").asLong()).isEqualTo(30);
        assertThat(api.demo.helpdesk().writeCountsByKey()).hasSize(30).allSatisfy((key, n) -> assertThat(n).isOne());
    }

    @Test
    void theRunIsStoredBeforeTheAnswerAndWaitsForAWorker() {
        HttpResponse<String> started = api.post("/api/v1/runs", api.editor(), "{\"sync\": \"" + ApiFixture.CLASSIC_SYNC + "\"}");
        String id = api.body(started).path("runs").get(0).path("id").asText();

        // no worker in this process yet: the run waits in the store
        assertThat(api.engine.runs().get(id).status()).isEqualTo(RunStatus.QUEUED);
        assertThat(api.body(api.get("/api/v1/runs/" + id, api.viewer())).path("status").asText()).isEqualTo("queued");

        api.engine.runQueue().start();
        assertThat(awaitEnd(id, api.viewer()).path("status").asText()).isEqualTo("succeeded");
    }

    @Test
    void anOperatorStartsAPerTenantSyncForEveryTenantAndATenantTokenForItsOwnOnly() {
        api.engine.runQueue().start();

        HttpResponse<String> all = api.post("/api/v1/runs", api.editor(), "{\"sync\": \"" + ApiFixture.TENANT_SYNC + "\"}");
        HttpResponse<String> own = api.post("/api/v1/runs", api.tenant("globex", Role.EDITOR), "{\"sync\": \"" + ApiFixture.TENANT_SYNC + "\"}");

        assertThat(all.statusCode()).as(all.body()).isEqualTo(202);
        assertThat(all.headers().firstValue("Location")).isEmpty();
        List<String> tenants = new ArrayList<>();
        api.body(all).path("runs").forEach(r -> tenants.add(r.path("tenant").asText()));
        // every tenant that has a CRM and a Helpdesk connection: the demo's connections name no tenant, so they are tenant "default"'s
        assertThat(tenants).containsExactlyInAnyOrder("default", "globex", "northwind");
        assertThat(own.statusCode()).as(own.body()).isEqualTo(202);
        JsonNode ownRun = api.body(own).path("runs").get(0);
        assertThat(ownRun.path("tenant").asText()).isEqualTo("globex");
        for (JsonNode r : api.body(all).path("runs")) {
            assertThat(awaitEnd(r.path("id").asText(), api.viewer()).path("status").asText()).isIn("succeeded", "partial");
        }
        assertThat(awaitEnd(ownRun.path("id").asText(), api.tenant("globex", Role.VIEWER)).path("status").asText()).isIn("succeeded", "partial");
        assertThat(api.northwind.helpdesk().writeCountsByKey()).hasSize(12).allSatisfy((key, n) -> assertThat(n).isOne());
        assertThat(api.globex.helpdesk().writeCountsByKey()).hasSize(7).allSatisfy((key, n) -> assertThat(n).isOne());
    }

    @Test
    void aTenantTokenCannotStartAnotherTenantsOrAClassicSyncsRun() {
        HttpResponse<String> other = api.post("/api/v1/runs", api.tenant("northwind", Role.EDITOR),
                "{\"sync\": \"" + ApiFixture.TENANT_SYNC + "\", \"tenant\": \"globex\"}");
        HttpResponse<String> classic = api.post("/api/v1/runs", api.tenant("northwind", Role.EDITOR), "{\"sync\": \"" + ApiFixture.CLASSIC_SYNC + "\"}");

        assertThat(other.statusCode()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("globex");
        assertThat(classic.statusCode()).isEqualTo(404);
        assertThat(api.engine.runQueue().queued(10)).isEmpty();
    }

    @Test
    void badRequestsAreProblemsAndQueueNothing() {
        HttpResponse<String> unknown = api.post("/api/v1/runs", api.editor(), "{\"sync\": \"no-such-sync\"}");
        HttpResponse<String> missing = api.post("/api/v1/runs", api.editor(), "{}");
        HttpResponse<String> tenantOnClassic = api.post("/api/v1/runs", api.editor(), "{\"sync\": \"" + ApiFixture.CLASSIC_SYNC + "\", \"tenant\": \"globex\"}");
        HttpResponse<String> viewer = api.post("/api/v1/runs", api.viewer(), "{\"sync\": \"" + ApiFixture.CLASSIC_SYNC + "\"}");

        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.body(unknown).path("detail").asText()).contains("no-such-sync");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(tenantOnClassic.statusCode()).isEqualTo(400);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(api.engine.runQueue().queued(10)).isEmpty();
    }

    @Test
    void everyStartIsInTheAuditLog() {
        HttpResponse<String> started = api.post("/api/v1/runs", api.editor(), "{\"sync\": \"" + ApiFixture.CLASSIC_SYNC + "\"}");
        String id = api.body(started).path("runs").get(0).path("id").asText();

        JsonNode audit = api.body(api.get("/api/v1/audit?action=runs.start", api.admin()));
        assertThat(audit.path("entries").toString()).contains(ApiFixture.CLASSIC_SYNC).contains(id);
        assertThat(URI.create(started.headers().firstValue("Location").orElseThrow()).getPath()).isEqualTo("/api/v1/runs/" + id);
    }
}

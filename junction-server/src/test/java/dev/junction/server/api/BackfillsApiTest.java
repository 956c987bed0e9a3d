package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.spec.SourceText;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/syncs/{name}/backfill}: one queued run per chunk, run to the end by the queue's
 * workers, the live checkpoint untouched; a sync that reads in full is refused (400) saying why; a
 * tenant token backfills its own tenant only.
 */
class BackfillsApiTest {
    private static final String SYNC = "contacts-incremental";

    @TempDir
    Path dataDir;

    private ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start(dataDir);
        var applied = api.engine.definitions().apply(List.of(new SourceText(SYNC + ".sync.yaml", """
                kind: Sync
                name: %s
                source: { connector: acme-crm, stream: contacts, mode: incremental }
                destination: { connector: helpdesk, action: upsertUsers, key: external_id, mode: upsert }
                mapping:
                  external_id: id
                  email: properties.email
                  name: "= properties.firstname & ' ' & properties.lastname"
                """.formatted(SYNC))));
        assertThat(applied.result().problems()).isEmpty();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aBackfillQueuesOneRunPerChunkThatRunToTheEndWithoutALiveCheckpoint() {
        api.engine.runQueue().start();

        HttpResponse<String> started = api.post("/api/v1/syncs/" + SYNC + "/backfill", api.editor(),
                "{\"tenant\": \"globex\", \"from\": \"2026-01-01\", \"to\": \"2026-03-01T00:00:00Z\", \"chunk\": \"30d\"}");

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode body = api.body(started);
        assertThat(body.path("sync").asText()).isEqualTo(SYNC);
        assertThat(body.path("tenant").asText()).isEqualTo("globex");
        assertThat(body.path("chunk").asText()).isEqualTo("30d");
        assertThat(body.path("chunks")).hasSize(2);
        assertThat(body.path("chunks").get(0).path("from").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(body.path("chunks").get(1).path("to").asText()).isEqualTo("2026-03-01T00:00:00Z");
        long written = 0;
        for (JsonNode chunk : body.path("chunks")) {
            assertThat(chunk.path("run").path("trigger").asText()).isEqualTo("backfill");
            JsonNode run = awaitEnd(chunk.path("run").path("id").asText());
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("succeeded");
            assertThat(run.path("error").asText()).startsWith("backfill of [");
            written += run.path("counters").path("inserted").asLong() + run.path("counters").path("updated").asLong();
        }
        assertThat(written).isEqualTo(api.globex.helpdesk().writeCountsByKey().size()).isPositive();
        assertThat(api.engine.store().checkpoints().find(SYNC + "@globex", "contacts", "")).isEmpty();
    }

    @Test
    void aSyncThatReadsInFullIsRefusedSayingWhy() {
        HttpResponse<String> refused = api.post("/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/backfill", api.editor(),
                "{\"from\": \"2026-01-01\", \"to\": \"2026-02-01\"}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(api.body(refused).path("detail").asText()).startsWith("Sync '" + ApiFixture.CLASSIC_SYNC + "' cannot be backfilled: it reads"
                + " stream 'contacts' in full (source.mode: full) and the stream is not sliced");
        assertThat(api.engine.runQueue().queued(10)).isEmpty();
    }

    @Test
    void aRangeThatIsNotOneIsABadRequestNamingTheField() {
        HttpResponse<String> bad = api.post("/api/v1/syncs/" + SYNC + "/backfill", api.editor(),
                "{\"tenant\": \"globex\", \"from\": \"January\", \"to\": \"2026-02-01\"}");
        HttpResponse<String> backwards = api.post("/api/v1/syncs/" + SYNC + "/backfill", api.editor(),
                "{\"tenant\": \"globex\", \"from\": \"2026-02-01\", \"to\": \"2026-01-01\"}");

        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(api.body(bad).path("detail").asText())
                .isEqualTo("'from': expected a date such as 2026-01-01 or an instant such as 2026-01-01T00:00:00Z, found 'January'.");
        assertThat(backwards.statusCode()).isEqualTo(400);
        assertThat(api.body(backwards).path("detail").asText()).contains("must be after its start");
    }

    @Test
    void aTenantTokenBackfillsItsOwnTenantAndAPerTenantSyncNeedsOne() {
        HttpResponse<String> own = api.post("/api/v1/syncs/" + SYNC + "/backfill", api.tenant("globex", Role.EDITOR),
                "{\"from\": \"2026-01-01\", \"to\": \"2026-01-02\"}");
        HttpResponse<String> none = api.post("/api/v1/syncs/" + SYNC + "/backfill", api.editor(), "{\"from\": \"2026-01-01\", \"to\": \"2026-01-02\"}");

        assertThat(own.statusCode()).as(own.body()).isEqualTo(202);
        assertThat(api.body(own).path("tenant").asText()).isEqualTo("globex");
        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(api.body(none).path("detail").asText()).contains("runs per tenant: name the tenant to backfill");
    }

    private JsonNode awaitEnd(String runId) {
        JsonNode[] run = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
            run[0] = api.body(api.get("/api/v1/runs/" + runId, api.viewer()));
            String status = run[0].path("status").asText();
            return !status.equals("queued") && !status.equals("running");
        });
        return run[0];
    }
}

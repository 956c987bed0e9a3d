package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.store.RunCounters;
import dev.junction.store.RunStatus;
import dev.junction.sync.SyncJob;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Runs over the API: listed and paged, shown, cancelled, and a sync's dry run. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunsApiTest {
    private static final Instant EARLY = Instant.parse("2026-01-01T00:00:00Z");
    /** When the runs made by the cancel tests started: before every other run, so they end every list. */
    private static final Instant EARLIER = EARLY.minusSeconds(86_400);

    ApiFixture api;
    OperationsData data;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        api = ApiFixture.start(dataDir);
        data = OperationsData.make(api);
        for (int i = 0; i < 25; i++) { // older finished runs of northwind, four to an instant
            String id = String.format("old-%02d", i);
            api.engine.store().runs().start(id, ApiFixture.TENANT_SYNC, "northwind", i % 2 == 0 ? "schedule" : "cli", EARLY.plusSeconds(i / 4));
            api.engine.store().runs().finish(id, i % 5 == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED, RunCounters.ZERO, null, EARLY.plusSeconds(60));
        }
    }

    @AfterAll
    void stop() {
        api.close();
    }

    private List<String> ids(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        api.body(answer).path("items").forEach(run -> ids.add(run.path("id").asText()));
        return ids;
    }

    @Test
    void listsEveryRunNewestFirstToAnOperatorWithCountersAndTenant() {
        HttpResponse<String> answer = api.get("/api/v1/runs?limit=3", api.viewer());

        assertThat(ids(answer)).containsExactly(data.classicRun.id(), data.globexRun.id(), data.northwindRun.id());
        JsonNode northwind = api.body(answer).path("items").get(2);
        assertThat(northwind.path("sync").asText()).isEqualTo(ApiFixture.TENANT_SYNC);
        assertThat(northwind.path("tenant").asText()).isEqualTo("northwind");
        assertThat(northwind.path("status").asText()).isEqualTo("partial");
        assertThat(northwind.path("trigger").asText()).isEqualTo("test");
        assertThat(northwind.path("counters").path("read").asLong()).isEqualTo(12);
        assertThat(northwind.path("counters").path("failed").asLong()).isEqualTo(data.northwindDeadLetters.size());
        assertThat(northwind.path("finishedAt").asText()).isNotEmpty();
        assertThat(api.body(answer).path("next").asText()).isNotEmpty();
    }

    @Test
    void aTenantTokenListsItsOwnTenantsRunsOnlyAndNeverAnotherTenantsOrTheClassicSyncs() {
        List<JsonNode> all = Walk.items(api, "/api/v1/runs?limit=7", api.tenant("northwind", Role.VIEWER), 7);

        assertThat(all).extracting(run -> run.path("tenant").asText()).containsOnly("northwind");
        assertThat(all).extracting(run -> run.path("id").asText()).doesNotHaveDuplicates().contains(data.northwindRun.id(), "old-00", "old-24")
                .doesNotContain(data.globexRun.id(), data.classicRun.id());
        assertThat(ids(api.get("/api/v1/runs?tenant=northwind", api.tenant("northwind", Role.VIEWER)))).contains(data.northwindRun.id());
        HttpResponse<String> foreign = api.get("/api/v1/runs?tenant=globex", api.tenant("northwind", Role.VIEWER));
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(foreign.body()).doesNotContain(data.globexRun.id());
    }

    @Test
    void pagingWalksEveryRunExactlyOnceNewestFirstAlsoWithinOneInstant() {
        List<String> once = ids(api.get("/api/v1/runs?limit=1000", api.admin()));

        List<JsonNode> walked = Walk.items(api, "/api/v1/runs?limit=4", api.admin(), 4);

        assertThat(once).hasSizeGreaterThanOrEqualTo(28).doesNotHaveDuplicates();
        assertThat(walked).extracting(run -> run.path("id").asText()).containsExactlyElementsOf(once);
        assertThat(once.subList(3, 7)).containsExactly("old-24", "old-23", "old-22", "old-21");
    }

    @Test
    void filtersBySyncTenantStatusTriggerAndStartTime() {
        assertThat(ids(api.get("/api/v1/runs?trigger=test&sync=" + ApiFixture.CLASSIC_SYNC, api.viewer()))).containsExactly(data.classicRun.id());
        assertThat(ids(api.get("/api/v1/runs?tenant=globex&trigger=test", api.viewer()))).containsExactly(data.globexRun.id());
        assertThat(ids(api.get("/api/v1/runs?status=FAILED&limit=100", api.viewer()))).containsExactly("old-20", "old-15", "old-10", "old-05", "old-00");
        assertThat(ids(api.get("/api/v1/runs?status=partial&trigger=test", api.viewer())))
                .containsExactly(data.classicRun.id(), data.globexRun.id(), data.northwindRun.id());
        assertThat(ids(api.get("/api/v1/runs?from=2026-01-01T00:00:05Z&to=2026-01-01T00:00:06Z&trigger=cli", api.viewer())))
                .containsExactly("old-23", "old-21");
        assertThat(ids(api.get("/api/v1/runs?from=2026-01-01T01:00:00%2B01:00&to=2026-01-01T00:00:01Z", api.viewer())))
                .containsExactly("old-03", "old-02", "old-01", "old-00");
    }

    @Test
    void refusesABadQueryParameterNamingItAndWhatItTakes() {
        assertBad("/api/v1/runs?limit=0", "limit", "Query parameter 'limit' must be a whole number from 1 to 1000; got '0'.");
        assertBad("/api/v1/runs?limit=1001", "limit", "Query parameter 'limit' must be a whole number from 1 to 1000; got '1001'.");
        assertBad("/api/v1/runs?limit=ten", "limit", "Query parameter 'limit' must be a whole number from 1 to 1000; got 'ten'.");
        assertBad("/api/v1/runs?status=done", "status", "Query parameter 'status' must be one of " + String.join(", ",
                java.util.Arrays.stream(RunStatus.values()).map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).toList()) + "; got 'done'.");
        assertBad("/api/v1/runs?from=yesterday", "from", "Query parameter 'from' must be a time in ISO 8601 with a zone, such as 2026-05-04T10:15:30Z;"
                + " got 'yesterday'.");
        assertBad("/api/v1/runs?cursor=abc", "cursor", "Query parameter 'cursor' is not one an earlier page of this list gave out (take 'next' of the"
                + " page before); leave it out for the first page.");
        String deadLettersCursor = new dev.junction.store.PageCursor("deadletters", EARLY, "1").encode();
        assertBad("/api/v1/runs?cursor=" + deadLettersCursor, "cursor", null);
        assertBad("/api/v1/runs?stauts=failed", "stauts", "Query parameter 'stauts' is not a parameter of this route; it takes cursor, from, limit,"
                + " status, sync, tenant, to, trigger.");
        assertBad("/api/v1/runs?sync=a&sync=b", "sync", "Query parameter 'sync' is given 2 times; give it once.");
    }

    private void assertBad(String path, String parameter, String detail) {
        HttpResponse<String> answer = api.get(path, api.viewer());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = api.body(answer);
        assertThat(problem.path("errors").get(0).path("path").asText()).isEqualTo(parameter);
        if (detail != null) {
            assertThat(problem.path("detail").asText()).isEqualTo(detail);
        }
    }

    @Test
    void showsOneRunToItsTenantAndOperatorsAndAnswersAnyOtherAs404() {
        HttpResponse<String> own = api.get("/api/v1/runs/" + data.northwindRun.id(), api.tenant("northwind", Role.VIEWER));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(api.body(own).path("counters").path("read").asLong()).isEqualTo(12);
        assertThat(api.get("/api/v1/runs/" + data.globexRun.id(), api.viewer()).statusCode()).isEqualTo(200);

        for (String foreign : List.of(data.globexRun.id(), data.classicRun.id(), "no-such-run")) {
            HttpResponse<String> answer = api.get("/api/v1/runs/" + foreign, api.tenant("northwind", Role.ADMIN));
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(api.body(answer).path("detail").asText()).isEqualTo("Nothing at this address is visible to this token.");
        }
        HttpResponse<String> missing = api.get("/api/v1/runs/no-such-run", api.viewer());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(api.body(missing).path("detail").asText()).isEqualTo("No run has id 'no-such-run'; list runs with GET /api/v1/runs.");
    }

    @Test
    void cancellingAFinishedRunIs409AndAnotherTenantsIs404() {
        HttpResponse<String> finished = api.post("/api/v1/runs/" + data.northwindRun.id() + "/cancel", api.tenant("northwind", Role.EDITOR), "");

        assertThat(finished.statusCode()).isEqualTo(409);
        assertThat(api.body(finished).path("detail").asText()).isEqualTo("Run '" + data.northwindRun.id() + "' of sync '" + ApiFixture.TENANT_SYNC
                + "' has already finished (partial); there is nothing to cancel.");
        assertThat(api.post("/api/v1/runs/" + data.globexRun.id() + "/cancel", api.tenant("northwind", Role.EDITOR), "").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/runs/" + data.northwindRun.id() + "/cancel", api.tenant("northwind", Role.VIEWER), "").statusCode()).isEqualTo(403);
    }

    @Test
    void cancellingARunningRunAsksItToStopAndADeadOneIsMarkedAbandoned() {
        Instant now = api.engine.clock().instant();
        api.engine.store().runs().start("live-1", ApiFixture.TENANT_SYNC, "globex", "api", EARLIER);
        api.engine.store().leases().acquire(SyncJob.stateKey(ApiFixture.TENANT_SYNC, "globex"), "live-1", now, now.plusSeconds(600));
        api.engine.store().runs().start("dead-1", ApiFixture.CLASSIC_SYNC, null, "api", EARLIER);
        try {
            HttpResponse<String> live = api.post("/api/v1/runs/live-1/cancel", api.tenant("globex", Role.EDITOR), "");
            assertThat(api.post("/api/v1/runs/dead-1/cancel", api.tenant("northwind", Role.ADMIN), "").statusCode()).isEqualTo(404);
            HttpResponse<String> dead = api.post("/api/v1/runs/dead-1/cancel", api.editor(), "");

            assertThat(live.statusCode()).as(live.body()).isEqualTo(202);
            assertThat(api.body(live).path("outcome").asText()).isEqualTo("asked");
            assertThat(api.body(live).path("run").path("id").asText()).isEqualTo("live-1");
            assertThat(api.engine.store().runs().cancelRequested("live-1")).isTrue();
            assertThat(dead.statusCode()).as(dead.body()).isEqualTo(202);
            assertThat(api.body(dead).path("outcome").asText()).isEqualTo("abandoned");
            assertThat(api.body(dead).path("run").path("status").asText()).isEqualTo("abandoned");
        } finally {
            api.engine.store().leases().release(SyncJob.stateKey(ApiFixture.TENANT_SYNC, "globex"), "live-1");
            api.engine.store().runs().finish("live-1", RunStatus.CANCELLED, RunCounters.ZERO, null, now);
        }
    }

    @Test
    void cancellingASyncAsksEachRunningTenantsRunAndSays409WhenNoneRuns() {
        Instant now = api.engine.clock().instant();
        api.engine.store().runs().start("live-2", ApiFixture.TENANT_SYNC, "northwind", "api", EARLIER);
        api.engine.store().leases().acquire(SyncJob.stateKey(ApiFixture.TENANT_SYNC, "northwind"), "live-2", now, now.plusSeconds(600));
        try {
            HttpResponse<String> globex = api.post("/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/cancel", api.tenant("globex", Role.EDITOR), "{}");
            HttpResponse<String> all = api.post("/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/cancel", api.editor(), "{}");

            assertThat(globex.statusCode()).isEqualTo(409);
            assertThat(globex.body()).doesNotContain("live-2", "northwind");
            assertThat(all.statusCode()).isEqualTo(202);
            assertThat(api.body(all).path("runs").get(0).path("outcome").asText()).isEqualTo("asked");
            assertThat(api.body(all).path("runs").get(0).path("run").path("id").asText()).isEqualTo("live-2");
            assertThat(api.body(all).path("runs").get(0).path("run").path("tenant").asText()).isEqualTo("northwind");
            assertThat(api.post("/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/cancel", api.tenant("northwind", Role.EDITOR), "{}").statusCode())
                    .isEqualTo(404);
        } finally {
            api.engine.store().leases().release(SyncJob.stateKey(ApiFixture.TENANT_SYNC, "northwind"), "live-2");
            api.engine.store().runs().finish("live-2", RunStatus.CANCELLED, RunCounters.ZERO, null, now);
        }
    }

    @Test
    void aDryRunSaysWhatWouldChangeWithSamplesAndStoresNothing() {
        int runsBefore = ids(api.get("/api/v1/runs?limit=1000", api.admin())).size();

        HttpResponse<String> answer = api.post("/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/dry-run", api.tenant("northwind", Role.EDITOR),
                "{\"samples\": 2}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode dry = api.body(answer);
        assertThat(dry.path("tenant").asText()).isEqualTo("northwind");
        assertThat(dry.path("status").asText()).isEqualTo("partial");
        assertThat(dry.path("read").asLong()).isEqualTo(12);
        assertThat(dry.path("wouldFail").asLong()).isEqualTo(data.northwindDeadLetters.size());
        assertThat(dry.path("unchanged").asLong() + dry.path("wouldFail").asLong()).isEqualTo(12);
        assertThat(dry.path("samples")).isNotEmpty().allSatisfy(s -> assertThat(s.path("change").asText()).isEqualTo("fail"));
        assertThat(dry.path("samples").size()).isEqualTo(2);
        assertThat(ids(api.get("/api/v1/runs?limit=1000", api.admin()))).hasSize(runsBefore);
    }

    @Test
    void aDryRunIsRefusedWhenItCannotBeAnsweredAsAsked() {
        String tenantSync = "/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/dry-run";
        HttpResponse<String> noTenant = api.post(tenantSync, api.editor(), "{}");
        assertThat(noTenant.statusCode()).isEqualTo(400);
        assertThat(api.body(noTenant).path("detail").asText()).isEqualTo("Sync '" + ApiFixture.TENANT_SYNC + "' runs per tenant; dry-run it for one"
                + " tenant with {\"tenant\": \"T\"} (tenants that can run it: default, globex, northwind).");
        assertThat(api.post(tenantSync, api.editor(), "{\"samples\": 101}").statusCode()).isEqualTo(400);
        assertThat(api.post(tenantSync, api.editor(), "{\"samples\": \"3\"}").statusCode()).isEqualTo(400);
        assertThat(api.post(tenantSync, api.tenant("northwind", Role.EDITOR), "{\"tenant\": \"globex\"}").statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/dry-run", api.tenant("northwind", Role.EDITOR), "{}").statusCode())
                .isEqualTo(404);
        HttpResponse<String> unknown = api.post("/api/v1/syncs/nope/dry-run", api.editor(), "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.body(unknown).path("detail").asText()).startsWith("No sync named 'nope' is applied; applied syncs: ");
        HttpResponse<String> classicWithTenant = api.post("/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/dry-run", api.editor(), "{\"tenant\":\"globex\"}");
        assertThat(classicWithTenant.statusCode()).isEqualTo(400);
    }
}

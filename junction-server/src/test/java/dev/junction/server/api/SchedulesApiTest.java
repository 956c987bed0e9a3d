package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.spec.SourceText;
import dev.junction.store.AuditEntry;
import dev.junction.store.AuditQuery;
import dev.junction.store.StoredDefinition;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schedules over the API: listed with next fire times, shown per sync, paused and resumed (editors;
 * a tenant token only its own tenant's), their fire history; audited like every mutation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulesApiTest {
    private static final String TENANT_SCHEDULE = "/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/schedule";
    private static final String CLASSIC_SCHEDULE = "/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/schedule";
    ApiFixture api;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        api = ApiFixture.start(dataDir);
        withSchedule(ApiFixture.TENANT_SYNC, "{ cron: \"0 6 * * MON-FRI\", zone: Europe/Berlin }");
        withSchedule(ApiFixture.CLASSIC_SYNC, "\"*/15 * * * *\"");
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @BeforeEach
    void resumeAll() {
        api.engine.schedules().resume(ApiFixture.TENANT_SYNC, null);
        api.engine.schedules().resume(ApiFixture.CLASSIC_SYNC, null);
    }

    private void withSchedule(String sync, String schedule) {
        StoredDefinition current = api.engine.definitions().get("Sync", sync);
        List<SourceText> texts = List.of(new SourceText(current.origin(), current.source().strip() + "\nschedule: " + schedule + "\n"));
        assertThat(api.engine.definitions().apply(texts).result().problems()).isEmpty();
    }

    private JsonNode ok(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return api.body(answer);
    }

    private static List<String> tenants(JsonNode schedules) {
        List<String> tenants = new ArrayList<>();
        schedules.forEach(s -> tenants.add(s.path("tenant").isNull() ? null : s.path("tenant").asText()));
        return tenants;
    }

    @Test
    void operatorsListEverySchedulesNextFiresAndATenantTokenItsOwnTenantsOnly() {
        JsonNode all = ok(api.get("/api/v1/schedules", api.viewer()));

        assertThat(all).extracting(s -> s.path("sync").asText()).contains(ApiFixture.TENANT_SYNC, ApiFixture.CLASSIC_SYNC);
        assertThat(tenants(all)).contains(null, "northwind", "globex");
        JsonNode classic = ok(api.get(CLASSIC_SCHEDULE, api.viewer())).get(0);
        assertThat(classic.path("cron").asText()).isEqualTo("*/15 * * * *");
        assertThat(classic.path("zone").asText()).isEqualTo("Z");
        assertThat(classic.path("overlap").asText()).isEqualTo("skip");
        assertThat(classic.path("catchUp").asText()).isEqualTo("one");
        assertThat(classic.path("paused").asBoolean()).isFalse();
        assertThat(classic.path("nextFires")).hasSize(5);

        JsonNode own = ok(api.get("/api/v1/schedules", api.tenant("northwind", Role.VIEWER)));
        assertThat(tenants(own)).containsOnly("northwind");
        assertThat(api.get("/api/v1/schedules?tenant=globex", api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
        assertThat(api.get(CLASSIC_SCHEDULE, api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
        assertThat(tenants(ok(api.get(TENANT_SCHEDULE, api.tenant("northwind", Role.VIEWER))))).containsExactly("northwind");
        assertThat(ok(api.get(TENANT_SCHEDULE + "?tenant=globex", api.viewer())).get(0).path("zone").asText()).isEqualTo("Europe/Berlin");
    }

    @Test
    void aTenantTokenPausesAndResumesItsOwnTenantsScheduleOnlyAndEachChangeIsAudited() {
        String northwindEditor = api.tenant("northwind", Role.EDITOR);
        JsonNode paused = ok(api.post(TENANT_SCHEDULE + "/pause", northwindEditor, "{}"));

        assertThat(tenants(paused)).containsExactly("northwind");
        assertThat(paused.get(0).path("paused").asBoolean()).isTrue();
        assertThat(ok(api.get(TENANT_SCHEDULE + "?tenant=globex", api.viewer())).get(0).path("paused").asBoolean()).isFalse();
        assertThat(api.post(TENANT_SCHEDULE + "/pause", northwindEditor, "{\"tenant\": \"globex\"}").statusCode()).isEqualTo(404);
        assertThat(api.post(TENANT_SCHEDULE + "/pause", api.tenant("northwind", Role.VIEWER), "{}").statusCode()).isEqualTo(403);

        assertThat(ok(api.post(TENANT_SCHEDULE + "/resume", northwindEditor, "{}")).get(0).path("paused").asBoolean()).isFalse();
        List<AuditEntry> audited = api.engine.audit().query(AuditQuery.newest(100)).entries().stream()
                .filter(e -> ApiFixture.TENANT_SYNC.equals(e.objectId()) && "northwind".equals(e.tenant())).toList();
        assertThat(audited).extracting(AuditEntry::action, AuditEntry::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("schedules.resume", "200"), org.assertj.core.groups.Tuple.tuple("schedules.pause", "403"),
                org.assertj.core.groups.Tuple.tuple("schedules.pause", "404"),
                org.assertj.core.groups.Tuple.tuple("schedules.pause", "200"));
    }

    @Test
    void anOperatorPausesAPerTenantSyncAsAWholeAndATenantsResumeThenAnswers409() {
        JsonNode paused = ok(api.post(TENANT_SCHEDULE + "/pause", api.editor(), "{}"));

        assertThat(paused).allSatisfy(s -> assertThat(s.path("paused").asBoolean()).isTrue());
        HttpResponse<String> tenantResume = api.post(TENANT_SCHEDULE + "/resume", api.editor(), "{\"tenant\": \"globex\"}");
        assertThat(tenantResume.statusCode()).isEqualTo(409);
        assertThat(api.body(tenantResume).path("detail").asText()).contains("paused as a whole");
        assertThat(ok(api.post(TENANT_SCHEDULE + "/resume", api.editor(), "{}"))).allSatisfy(s -> assertThat(s.path("paused").asBoolean()).isFalse());
    }

    @Test
    void theFireHistoryIsListedNewestFirstAndASyncWithoutAScheduleIs404() {
        api.engine.store().schedules().recordFire(new dev.junction.store.ScheduleTick(0, ApiFixture.CLASSIC_SYNC, null,
                java.time.Instant.parse("2026-05-04T10:00:00Z"), java.time.Instant.parse("2026-05-04T10:00:01Z"), "skipped", null,
                "run r1 is still running; overlap: skip starts none while one is queued or running"), 100);

        JsonNode ticks = ok(api.get(CLASSIC_SCHEDULE + "/ticks?limit=10", api.viewer()));
        assertThat(ticks.get(0).path("outcome").asText()).isEqualTo("skipped");
        assertThat(ticks.get(0).path("reason").asText()).startsWith("run r1 is still running");
        assertThat(ok(api.get(CLASSIC_SCHEDULE, api.viewer())).get(0).path("last").path("outcome").asText()).isEqualTo("skipped");
        assertThat(api.get(CLASSIC_SCHEDULE + "/ticks?limit=1000", api.viewer()).statusCode()).isEqualTo(400);
        HttpResponse<String> none = api.get("/api/v1/syncs/nope/schedule", api.viewer());
        assertThat(none.statusCode()).isEqualTo(404);
    }
}

package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.sync.SyncJob;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** A sync's state over the API: shown per tenant, reset (the request is the confirmation), moved onto a tenant by operators. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatesApiTest {
    private static final String TENANT_STATE = "/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/state";
    private static final String CLASSIC_STATE = "/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/state";
    ApiFixture api;
    OperationsData data;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        api = ApiFixture.start(dataDir);
        data = OperationsData.make(api);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    private JsonNode ok(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return api.body(answer);
    }

    @Test
    void showsAClassicSyncsStateToOperatorsWithItsLastRun() {
        JsonNode shown = ok(api.get(CLASSIC_STATE, api.viewer()));

        assertThat(shown.path("perTenant").asBoolean()).isFalse();
        JsonNode state = shown.path("states").get(0);
        assertThat(state.path("tenant").isNull()).isTrue();
        assertThat(state.path("fingerprints").asLong()).isPositive();
        assertThat(state.path("lastRun").path("id").asText()).isEqualTo(data.classicRun.id());
        assertThat(state.path("lastRun").path("status").asText()).isEqualTo("partial");
        assertThat(state.path("lease").isNull()).isTrue();
        assertThat(api.get(CLASSIC_STATE, api.tenant("northwind", Role.ADMIN)).statusCode()).isEqualTo(404);
    }

    @Test
    void showsEveryTenantsStateToOperatorsAndATenantTokenItsOwnOnly() {
        JsonNode all = ok(api.get(TENANT_STATE, api.viewer()));
        HttpResponse<String> own = api.get(TENANT_STATE, api.tenant("northwind", Role.VIEWER));

        assertThat(all.path("perTenant").asBoolean()).isTrue();
        assertThat(all.path("states").findValuesAsText("tenant")).contains("globex", "northwind");
        assertThat(all.path("beforePerTenant").path("tenant").isNull()).isTrue();
        JsonNode mine = ok(own);
        assertThat(mine.path("states")).hasSize(1);
        assertThat(mine.path("states").get(0).path("tenant").asText()).isEqualTo("northwind");
        assertThat(mine.path("states").get(0).path("lastRun").path("id").asText()).isEqualTo(data.northwindRun.id());
        assertThat(mine.path("beforePerTenant").isNull()).isTrue();
        assertThat(own.body()).doesNotContain("globex", data.globexRun.id());
        assertThat(api.get(TENANT_STATE + "?tenant=globex", api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
        assertThat(ok(api.get(TENANT_STATE + "?tenant=globex", api.viewer())).path("states").get(0).path("tenant").asText()).isEqualTo("globex");
        assertThat(api.get(CLASSIC_STATE + "?tenant=globex", api.viewer()).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/syncs/nope/state", api.viewer()).statusCode()).isEqualTo(404);
    }

    @Test
    void refusesResetsThatAreNotClearAboutWhoseState() {
        HttpResponse<String> nobody = api.post(TENANT_STATE + "/reset", api.editor(), "{}");
        assertThat(nobody.statusCode()).isEqualTo(400);
        assertThat(api.body(nobody).path("detail").asText()).isEqualTo("Sync '" + ApiFixture.TENANT_SYNC + "' runs per tenant: reset one tenant's"
                + " state with {\"tenant\": \"T\"}, or every tenant's with {\"allTenants\": true}.");
        assertThat(api.post(TENANT_STATE + "/reset", api.editor(), "{\"tenant\": \"globex\", \"allTenants\": true}").statusCode()).isEqualTo(400);
        assertThat(api.post(CLASSIC_STATE + "/reset", api.editor(), "{\"tenant\": \"globex\"}").statusCode()).isEqualTo(400);
        assertThat(api.post(TENANT_STATE + "/reset", api.editor(), "{\"tenant\": \"globex\", \"partition\": \"p\", \"checkpointOnly\": true}")
                .statusCode()).isEqualTo(400);
        HttpResponse<String> every = api.post(TENANT_STATE + "/reset", api.tenant("northwind", Role.ADMIN), "{\"allTenants\": true}");
        assertThat(every.statusCode()).isEqualTo(403);
        assertThat(api.post(TENANT_STATE + "/reset", api.tenant("northwind", Role.ADMIN), "{\"tenant\": \"globex\"}").statusCode()).isEqualTo(404);
        assertThat(api.post(CLASSIC_STATE + "/reset", api.tenant("northwind", Role.ADMIN), "{}").statusCode()).isEqualTo(404);
        assertThat(api.post(TENANT_STATE + "/reset", api.tenant("northwind", Role.VIEWER), "{}").statusCode()).isEqualTo(403);
        HttpResponse<String> partition = api.post(TENANT_STATE + "/reset", api.editor(), "{\"tenant\": \"globex\", \"partition\": \"nope\"}");
        assertThat(partition.statusCode()).isEqualTo(409);
    }

    @Test
    void aResetIsRefusedWith409WhileARunHoldsTheLease() {
        String key = SyncJob.stateKey(ApiFixture.TENANT_SYNC, "globex");
        Instant now = api.engine.clock().instant();
        api.engine.store().leases().acquire(key, "holding-run", now, now.plusSeconds(600));
        try {
            HttpResponse<String> answer = api.post(TENANT_STATE + "/reset", api.tenant("globex", Role.EDITOR), "{}");

            assertThat(answer.statusCode()).isEqualTo(409);
            assertThat(api.body(answer).path("detail").asText()).contains("is running as run 'holding-run'", "nothing was reset");
            assertThat(ok(api.get(TENANT_STATE, api.tenant("globex", Role.VIEWER))).path("states").get(0).path("lease").path("held").asBoolean()).isTrue();
        } finally {
            api.engine.store().leases().release(key, "holding-run");
        }
        assertThat(ok(api.get(TENANT_STATE, api.tenant("globex", Role.VIEWER))).path("states").get(0).path("fingerprints").asLong()).isPositive();
    }

    @Test
    @Order(Order.DEFAULT + 1) // clears northwind's state
    void aTenantTokenResetsItsOwnStateOnlyAndTheAnswerSaysWhatWasRemoved() {
        long globexBefore = ok(api.get(TENANT_STATE + "?tenant=globex", api.viewer())).path("states").get(0).path("fingerprints").asLong();

        JsonNode reset = ok(api.post(TENANT_STATE + "/reset", api.tenant("northwind", Role.EDITOR), "{\"checkpointOnly\": false}"));

        assertThat(reset.path("tenants")).extracting(JsonNode::asText).containsExactly("northwind");
        assertThat(reset.path("fingerprints").asLong()).isEqualTo(12 - data.northwindDeadLetters.size());
        assertThat(reset.path("nextRun").asText()).startsWith("reads everything again and sends every record");
        assertThat(ok(api.get(TENANT_STATE, api.tenant("northwind", Role.VIEWER))).path("states").get(0).path("fingerprints").asLong()).isZero();
        assertThat(ok(api.get(TENANT_STATE + "?tenant=globex", api.viewer())).path("states").get(0).path("fingerprints").asLong()).isEqualTo(globexBefore);
        JsonNode again = ok(api.post(TENANT_STATE + "/reset", api.tenant("northwind", Role.EDITOR), "{}"));
        assertThat(again.path("fingerprints").asLong()).isZero();
    }

    @Test
    @Order(Order.DEFAULT + 2) // moves state onto tenant default
    void operatorsMoveTheStateASyncKeptBeforeItRanPerTenantOntoOneTenant() {
        String move = TENANT_STATE + "/move";
        assertThat(api.post(move, api.tenant("northwind", Role.ADMIN), "{\"toTenant\": \"northwind\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> nothing = api.post(move, api.editor(), "{\"toTenant\": \"default\"}");
        assertThat(nothing.statusCode()).isEqualTo(409);
        assertThat(api.post(move, api.editor(), "{}").statusCode()).isEqualTo(400);
        assertThat(api.post("/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/state/move", api.editor(), "{\"toTenant\": \"default\"}").statusCode())
                .isEqualTo(400);
        api.engine.store().checkpoints().save(ApiFixture.TENANT_SYNC, "contacts", "", "2026-01-01T00:00:00Z", Instant.now());
        api.engine.store().fingerprints().saveAll(ApiFixture.TENANT_SYNC, Map.of("source:c-1", "f1", "source:c-2", "f2"));

        JsonNode moved = ok(api.post(move, api.editor(), "{\"toTenant\": \"default\"}"));

        assertThat(moved.path("checkpoints").asLong()).isEqualTo(1);
        assertThat(moved.path("fingerprints").asLong()).isEqualTo(2);
        assertThat(ok(api.get(TENANT_STATE + "?tenant=default", api.viewer())).path("states").get(0).path("checkpoints"))
                .extracting(c -> c.path("stream").asText()).isEqualTo(List.of("contacts"));
    }
}

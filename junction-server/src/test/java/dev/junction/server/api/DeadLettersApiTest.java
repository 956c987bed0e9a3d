package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.store.DeadLetter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** Dead letters over the API: listed and paged, shown with payload and source, replayed and discarded, each tenant its own. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadLettersApiTest {
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

    private List<Long> ids(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        api.body(answer).path("items").forEach(d -> ids.add(d.path("id").asLong()));
        return ids;
    }

    private static List<Long> newestFirst(List<DeadLetter> deadLetters) {
        return deadLetters.stream().map(DeadLetter::id).sorted(java.util.Comparator.reverseOrder()).toList();
    }

    @Test
    void listsARunsDeadLettersNewestFirstWithoutTheirPayloads() {
        HttpResponse<String> answer = api.get("/api/v1/deadletters?run=" + data.northwindRun.id() + "&limit=1000", api.tenant("northwind", Role.VIEWER));

        assertThat(ids(answer)).containsExactlyElementsOf(newestFirst(data.northwindDeadLetters));
        JsonNode first = api.body(answer).path("items").get(0);
        assertThat(first.path("sync").asText()).isEqualTo(ApiFixture.TENANT_SYNC);
        assertThat(first.path("tenant").asText()).isEqualTo("northwind");
        assertThat(first.path("state").asText()).isEqualTo("open");
        assertThat(first.path("kind").asText()).isEqualTo("write");
        assertThat(first.path("reason").asText()).startsWith("mapping failed: ");
        assertThat(first.path("errorCategory").asText()).isEqualTo("permanent");
        assertThat(first.path("errorCode").asText()).isEqualTo("mapping_failed");
        assertThat(first.has("payload")).isFalse();
    }

    @Test
    void aTenantTokenSeesItsOwnDeadLettersOnlyInEveryListAndPageWalk() {
        List<JsonNode> walked = Walk.items(api, "/api/v1/deadletters?limit=2", api.tenant("northwind", Role.VIEWER), 2);

        assertThat(walked).extracting(d -> d.path("id").asLong()).doesNotHaveDuplicates()
                .containsAll(data.northwindDeadLetters.stream().map(DeadLetter::id).toList());
        assertThat(walked).extracting(d -> d.path("tenant").asText()).containsOnly("northwind");
        assertThat(ids(api.get("/api/v1/deadletters?run=" + data.globexRun.id(), api.tenant("northwind", Role.VIEWER)))).isEmpty();
        assertThat(ids(api.get("/api/v1/deadletters?sync=" + ApiFixture.CLASSIC_SYNC, api.tenant("northwind", Role.VIEWER)))).isEmpty();
        assertThat(api.get("/api/v1/deadletters?tenant=globex", api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
    }

    @Test
    void pagingWalksEveryDeadLetterExactlyOnceNewestFirst() {
        List<Long> once = ids(api.get("/api/v1/deadletters?limit=1000", api.viewer()));

        List<JsonNode> walked = Walk.items(api, "/api/v1/deadletters?limit=3", api.viewer(), 3);

        assertThat(walked).extracting(d -> d.path("id").asLong()).containsExactlyElementsOf(once);
        assertThat(once).doesNotHaveDuplicates().hasSizeGreaterThanOrEqualTo(
                data.northwindDeadLetters.size() + data.globexDeadLetters.size() + data.classicDeadLetters.size());
    }

    @Test
    void filtersBySyncTenantAndStateAndRefusesAnUnknownState() {
        assertThat(ids(api.get("/api/v1/deadletters?limit=1000&sync=" + ApiFixture.CLASSIC_SYNC + "&run=" + data.classicRun.id(), api.viewer())))
                .containsExactlyElementsOf(newestFirst(data.classicDeadLetters));
        assertThat(ids(api.get("/api/v1/deadletters?limit=1000&tenant=globex&run=" + data.globexRun.id(), api.viewer())))
                .containsExactlyElementsOf(newestFirst(data.globexDeadLetters));
        assertThat(ids(api.get("/api/v1/deadletters?state=open&run=" + data.globexRun.id(), api.viewer()))).isNotEmpty();
        HttpResponse<String> bad = api.get("/api/v1/deadletters?state=closed", api.viewer());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(api.body(bad).path("detail").asText()).isEqualTo("Query parameter 'state' must be one of open, replayed, discarded; got 'closed'.");
        assertThat(api.get("/api/v1/deadletters?cursor=" + new dev.junction.store.PageCursor("runs", java.time.Instant.EPOCH, "x").encode(),
                api.viewer()).statusCode()).isEqualTo(400);
    }

    @Test
    void showsOneDeadLetterWithItsPayloadAndSourceRecordAsJson() {
        DeadLetter d = data.northwindDeadLetters.getFirst();

        HttpResponse<String> answer = api.get("/api/v1/deadletters/" + d.id(), api.tenant("northwind", Role.VIEWER));

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode shown = api.body(answer);
        assertThat(shown.path("run").asText()).isEqualTo(data.northwindRun.id());
        assertThat(shown.path("recordKey").asText()).isEqualTo(d.recordKey());
        assertThat(d.recordKey()).endsWith(":" + shown.path("source").path("id").asText());
        assertThat(shown.path("source").path("properties").isObject()).isTrue();
        assertThat(shown.path("reason").asText()).isEqualTo(d.reason());
        assertThat(shown.path("errorCode").asText()).isEqualTo(d.errorClass().code());
    }

    @Test
    void answersAnotherTenantsOrTheClassicSyncsDeadLetterExactlyLikeAMissingOne() {
        for (String id : List.of(Long.toString(data.globexDeadLetters.getFirst().id()), Long.toString(data.classicDeadLetters.getFirst().id()),
                "999999", "not-a-number")) {
            HttpResponse<String> answer = api.get("/api/v1/deadletters/" + id, api.tenant("northwind", Role.ADMIN));
            assertThat(answer.statusCode()).isEqualTo(404);
            assertThat(api.body(answer).path("detail").asText()).isEqualTo("Nothing at this address is visible to this token.");
        }
        assertThat(api.get("/api/v1/deadletters/" + data.classicDeadLetters.getFirst().id(), api.viewer()).statusCode()).isEqualTo(200);
        HttpResponse<String> missing = api.get("/api/v1/deadletters/not-a-number", api.viewer());
        assertThat(api.body(missing).path("detail").asText()).isEqualTo("No dead letter has id 'not-a-number'; list them with GET /api/v1/deadletters.");
    }

    @Test
    @Order(Order.DEFAULT + 1) // changes dead letters the other tests read
    void replayingByIdsRunsTheSyncAgainInTheDeadLettersTenantAndMarksThemReplayed() {
        DeadLetter d = data.globexDeadLetters.getFirst();

        HttpResponse<String> answer = api.post("/api/v1/deadletters/replay", api.tenant("globex", Role.EDITOR), "{\"ids\": [" + d.id() + "]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode run = api.body(answer).path("runs").get(0).path("run");
        assertThat(run.path("trigger").asText()).isEqualTo("replay");
        assertThat(run.path("tenant").asText()).isEqualTo("globex");
        assertThat(run.path("counters").path("read").asLong()).isEqualTo(1);
        assertThat(api.body(api.get("/api/v1/deadletters/" + d.id(), api.viewer())).path("state").asText()).isEqualTo("replayed");
        HttpResponse<String> again = api.post("/api/v1/deadletters/replay", api.tenant("globex", Role.EDITOR), "{\"ids\": [" + d.id() + "]}");
        assertThat(again.statusCode()).isEqualTo(409);
    }

    @Test
    @Order(Order.DEFAULT + 1) // changes dead letters the other tests read
    void discardingARunsDeadLettersMarksThemAllDiscarded() {
        HttpResponse<String> answer = api.post("/api/v1/deadletters/discard", api.editor(), "{\"run\": \"" + data.classicRun.id() + "\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(api.body(answer).path("discarded").asLong()).isEqualTo(data.classicDeadLetters.size());
        assertThat(ids(api.get("/api/v1/deadletters?state=discarded&run=" + data.classicRun.id() + "&limit=1000", api.viewer())))
                .hasSize(data.classicDeadLetters.size());
        assertThat(api.post("/api/v1/deadletters/discard", api.editor(), "{\"run\": \"" + data.classicRun.id() + "\"}").statusCode()).isEqualTo(409);
        List<dev.junction.store.AuditEntry> audited = api.engine.audit().query(dev.junction.store.AuditQuery.newest(100).withAction("deadletters.discard"))
                .entries().stream().filter(e -> e.tenant() == null && data.classicRun.id().equals(e.objectId())).toList(); // the operator's
        assertThat(audited).extracting(dev.junction.store.AuditEntry::outcome).containsExactly("409", "200");
        assertThat(audited).allSatisfy(e -> {
            assertThat(e.objectType()).isEqualTo("run");
            assertThat(e.objectId()).isEqualTo(data.classicRun.id());
        });
        assertThat(audited.getLast().detail()).contains("\"discarded\":" + data.classicDeadLetters.size());
    }

    @Test
    void aTenantTokenCannotReplayOrDiscardAnotherTenantsOrTheClassicSyncsDeadLetters() {
        String northwind = api.tenant("northwind", Role.ADMIN);
        long globexId = data.globexDeadLetters.getLast().id();
        long ownId = data.northwindDeadLetters.getLast().id();
        for (String body : List.of("{\"ids\": [" + globexId + "]}", "{\"ids\": [" + ownId + ", " + globexId + "]}",
                "{\"run\": \"" + data.globexRun.id() + "\"}", "{\"run\": \"" + data.classicRun.id() + "\"}",
                "{\"sync\": \"" + ApiFixture.CLASSIC_SYNC + "\"}", "{\"sync\": \"" + ApiFixture.TENANT_SYNC + "\", \"tenant\": \"globex\"}")) {
            for (String action : List.of("replay", "discard")) {
                HttpResponse<String> answer = api.post("/api/v1/deadletters/" + action, northwind, body);
                assertThat(answer.statusCode()).as(action + " " + body).isEqualTo(404);
                assertThat(answer.body()).doesNotContain(data.globexRun.id(), "globex-");
            }
        }
        assertThat(api.engine.deadLetters().get(globexId).state()).isEqualTo(DeadLetter.State.OPEN);
        assertThat(api.engine.deadLetters().get(ownId).state()).isEqualTo(DeadLetter.State.OPEN);
    }

    @Test
    @Order(Order.DEFAULT + 2) // changes dead letters the other tests read
    void aTenantTokensSyncSelectionIsItsOwnTenantsDeadLettersOnly() {
        HttpResponse<String> answer = api.post("/api/v1/deadletters/discard", api.tenant("northwind", Role.EDITOR),
                "{\"sync\": \"" + ApiFixture.TENANT_SYNC + "\"}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(api.body(answer).path("discarded").asLong()).isEqualTo(data.northwindDeadLetters.size());
        assertThat(api.engine.deadLetters().get(data.globexDeadLetters.getLast().id()).state()).isEqualTo(DeadLetter.State.OPEN);
    }

    @Test
    void refusesASelectionThatIsNotExactlyOneOfIdsRunOrSync() {
        String none = "Select dead letters with exactly one of 'ids' (a list of ids), 'run' (every open one of a run) or 'sync' (every open one of a"
                + " sync, narrowed by 'tenant'); the body has none.";
        assertProblem(api.post("/api/v1/deadletters/replay", api.editor(), "{}"), 400, none);
        assertProblem(api.post("/api/v1/deadletters/discard", api.editor(), "{\"ids\": [1], \"run\": \"r\"}"), 400, null);
        assertProblem(api.post("/api/v1/deadletters/discard", api.editor(), "{\"ids\": []}"), 400,
                "'ids' must list from 1 to 1000 dead letter ids, without nulls.");
        assertProblem(api.post("/api/v1/deadletters/discard", api.editor(), "{\"ids\": [1], \"tenant\": \"globex\"}"), 400,
                "'tenant' narrows 'sync'; ids and runs already name their tenant: leave 'tenant' out.");
        assertProblem(api.post("/api/v1/deadletters/discard", api.editor(), "{\"ids\": [\"one\"]}"), 400, null);
        assertProblem(api.post("/api/v1/deadletters/discard", api.editor(), "{\"id\": 1}"), 400, null);
        assertProblem(api.post("/api/v1/deadletters/discard", api.editor(), "{\"ids\": [999999]}"), 404, null);
        assertProblem(api.post("/api/v1/deadletters/discard", api.viewer(), "{\"ids\": [1]}"), 403, null);
    }

    private void assertProblem(HttpResponse<String> answer, int status, String detail) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        if (detail != null) {
            assertThat(api.body(answer).path("detail").asText()).isEqualTo(detail);
        }
    }
}

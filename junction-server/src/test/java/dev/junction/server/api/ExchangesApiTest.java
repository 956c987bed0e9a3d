package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import dev.junction.store.ExchangeQuery;
import dev.junction.store.ExchangeRecord;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The request log over the API: searched by run, record key, status, connection and time, each tenant its own, secrets never shown. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExchangesApiTest {
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
        api.body(answer).path("items").forEach(e -> ids.add(e.path("id").asLong()));
        return ids;
    }

    private List<ExchangeRecord> logged(String run) {
        return api.engine.exchanges().find(ExchangeQuery.forRun(run));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void findsARunsExchangesNewestFirstWithHeadersBodiesAndRecordKeys() {
        List<ExchangeRecord> logged = logged(data.northwindRun.id());

        HttpResponse<String> answer = api.get("/api/v1/exchanges?limit=1000&run=" + data.northwindRun.id(), api.tenant("northwind", Role.VIEWER));

        assertThat(ids(answer)).containsExactlyElementsOf(logged.reversed().stream().map(ExchangeRecord::id).toList());
        JsonNode write = null;
        for (JsonNode e : api.body(answer).path("items")) {
            assertThat(e.path("tenant").asText()).isEqualTo("northwind");
            assertThat(e.path("connection").asText()).isIn("northwind-crm", "northwind-helpdesk");
            if (e.path("method").asText().equals("POST")) {
                write = e;
            }
        }
        assertThat(write).isNotNull();
        assertThat(write.path("recordKeys")).isNotEmpty();
        assertThat(write.path("requestBody").asText()).isNotEmpty();
        assertThat(write.path("status").asInt()).isEqualTo(200);
        assertThat(write.path("requestHeaders").isObject()).isTrue();
    }

    @Test
    void searchesByRecordKeyStatusConnectionAndTime() {
        ExchangeRecord carrying = logged(data.globexRun.id()).stream().filter(e -> !e.recordKeys().isEmpty()).findFirst().orElseThrow();
        String key = carrying.recordKeys().getFirst();

        assertThat(ids(api.get("/api/v1/exchanges?key=" + encode(key), api.viewer()))).contains(carrying.id());
        assertThat(api.body(api.get("/api/v1/exchanges?limit=1000&connection=globex-crm", api.viewer())).path("items"))
                .isNotEmpty().allSatisfy(e -> assertThat(e.path("connection").asText()).isEqualTo("globex-crm"));
        assertThat(api.body(api.get("/api/v1/exchanges?limit=1000&status=200", api.viewer())).path("items"))
                .isNotEmpty().allSatisfy(e -> assertThat(e.path("status").asInt()).isEqualTo(200));
        assertThat(ids(api.get("/api/v1/exchanges?status=404", api.viewer()))).isEmpty();
        String at = carrying.at().toString();
        assertThat(ids(api.get("/api/v1/exchanges?limit=1000&from=" + encode(at) + "&to=" + encode(carrying.at().plusNanos(1000).toString()),
                api.viewer()))).contains(carrying.id()).allMatch(id -> true);
        assertThat(ids(api.get("/api/v1/exchanges?from=2999-01-01T00:00:00Z", api.viewer()))).isEmpty();
    }

    @Test
    void aTenantTokenFindsOnlyItsOwnConnectionsExchangesAndNeverASecret() {
        List<JsonNode> walked = Walk.items(api, "/api/v1/exchanges?limit=1", api.tenant("northwind", Role.VIEWER), 1);

        assertThat(walked).isNotEmpty().extracting(e -> e.path("tenant").asText()).containsOnly("northwind");
        assertThat(walked).extracting(e -> e.path("id").asLong()).doesNotHaveDuplicates();
        assertThat(ids(api.get("/api/v1/exchanges?run=" + data.globexRun.id(), api.tenant("northwind", Role.VIEWER)))).isEmpty();
        assertThat(ids(api.get("/api/v1/exchanges?connection=globex-crm", api.tenant("northwind", Role.VIEWER)))).isEmpty();
        assertThat(api.get("/api/v1/exchanges?tenant=globex", api.tenant("northwind", Role.VIEWER)).statusCode()).isEqualTo(404);
    }

    @Test
    void pagingWalksEveryExchangeExactlyOnceAndNoBodyHoldsASecret() {
        List<Long> once = ids(api.get("/api/v1/exchanges?limit=1000", api.admin()));
        HttpResponse<String> all = api.get("/api/v1/exchanges?limit=1000", api.admin());

        List<JsonNode> walked = Walk.items(api, "/api/v1/exchanges?limit=2", api.admin(), 2);

        assertThat(walked).extracting(e -> e.path("id").asLong()).containsExactlyElementsOf(once);
        assertThat(once).hasSizeGreaterThan(4).doesNotHaveDuplicates();
        assertThat(OperationsData.secrets(api)).isNotEmpty().allSatisfy(secret -> assertThat(all.body()).doesNotContain(secret));
    }

    @Test
    void refusesBadSearchParameters() {
        assertThat(api.get("/api/v1/exchanges?status=ok", api.viewer()).statusCode()).isEqualTo(400);
        HttpResponse<String> tooHigh = api.get("/api/v1/exchanges?status=600", api.viewer());
        assertThat(api.body(tooHigh).path("detail").asText()).isEqualTo("Query parameter 'status' must be a whole number from 0 to 599; got '600'.");
        assertThat(api.get("/api/v1/exchanges?to=12:00", api.viewer()).statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/exchanges?key=", api.viewer()).statusCode()).isEqualTo(200);
    }

    @Test
    void pruningIsForOperatorAdminsAndTakesADuration() {
        String prune = "/api/v1/exchanges/prune";
        assertThat(api.post(prune, api.tenant("northwind", Role.ADMIN), "{\"olderThan\": \"1d\"}").statusCode()).isEqualTo(403);
        assertThat(api.post(prune, api.editor(), "{\"olderThan\": \"1d\"}").statusCode()).isEqualTo(403);
        HttpResponse<String> bad = api.post(prune, api.admin(), "{\"olderThan\": \"a while\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(api.body(bad).path("detail").asText())
                .isEqualTo("'olderThan' must be a whole number and a unit (ms, s, m, h or d), such as 12h or 30d; got 'a while'.");

        HttpResponse<String> pruned = api.post(prune, api.admin(), "{\"olderThan\": \"30d\"}");

        assertThat(pruned.statusCode()).as(pruned.body()).isEqualTo(200);
        assertThat(api.body(pruned).path("deleted").asLong()).isZero();
        assertThat(ids(api.get("/api/v1/exchanges", api.viewer()))).isNotEmpty();
    }
}

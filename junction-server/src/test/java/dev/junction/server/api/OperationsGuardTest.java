package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.server.testing.ForeignObjects;
import dev.junction.server.testing.RouteCoverage;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operations routes (runs, dead letters, exchanges, state, schemas, mappings) over a real engine:
 * globex's objects as a northwind token must never reach them (which {@link FullApiGuardTest} checks
 * every route against with the frame's {@code GuardChecker}), the routes in a valid OpenAPI document,
 * and no sandbox secret in any answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsGuardTest {
    ApiFixture api;
    OperationsData data;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        api = ApiFixture.start(dataDir);
        data = OperationsData.make(api);
        api.engine.schemas().discover(api.engine.definitions().applied(), "globex-crm", "contacts", 3);
    }

    @AfterAll
    void stop() {
        api.close();
    }

    /**
     * Globex's objects of the runs, dead letters, exchanges, state, schema and mapping routes, added to
     * {@code globex} (the full-server guard test's). Record keys are no markers: each tenant's sandbox
     * numbers its contacts alike.
     */
    static ForeignObjects globex(ForeignObjects globex, OperationsData data) {
        String deadLetter = Long.toString(data.globexDeadLetters.getFirst().id());
        return globex
                .pathParam("runId", data.globexRun.id())
                .pathParam("deadLetterId", deadLetter)
                .pathParam("name", ApiFixture.TENANT_SYNC)
                .pathParam("connection", "globex-crm")
                .pathParam("stream", "contacts")
                .body("runs.start", "{\"sync\": \"" + ApiFixture.TENANT_SYNC + "\", \"tenant\": \"globex\"}")
                .body("runs.cancelSync", "{\"tenant\": \"globex\"}")
                .body("runs.dryRun", "{\"tenant\": \"globex\"}")
                .body("backfills.start", "{\"tenant\": \"globex\", \"from\": \"2026-01-01\", \"to\": \"2026-01-02\"}")
                .body("schedules.pause", "{\"tenant\": \"globex\"}")
                .body("schedules.resume", "{\"tenant\": \"globex\"}")
                .body("deadletters.replay", "{\"ids\": [" + deadLetter + "]}")
                .body("deadletters.discard", "{\"run\": \"" + data.globexRun.id() + "\"}")
                .body("state.reset", "{\"tenant\": \"globex\"}")
                .body("mappings.preview", "{\"tenant\": \"globex\"}")
                .body("schemas.discover", "{\"sample\": 1}")
                .body("mappings.suggest", "{\"source\": {\"connection\": \"globex-crm\", \"stream\": \"contacts\"},"
                        + " \"destination\": {\"connection\": \"globex-helpdesk\", \"stream\": \"users\"}}")
                .marker(data.globexRun.id())
                .marker("globex-crm")
                .marker("globex-helpdesk");
    }

    @Test
    void everyRouteIsInAValidOpenApiDocument() {
        assertThat(RouteCoverage.undocumented(api.server, api.viewer())).isEmpty();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(api.get("/api/v1/openapi.json", api.viewer()).body(), null, options);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).containsKeys("/api/v1/runs", "/api/v1/runs/{runId}", "/api/v1/deadletters/replay",
                "/api/v1/exchanges", "/api/v1/syncs/{name}/state/reset", "/api/v1/connections/{connection}/streams/{stream}/schema/drift",
                "/api/v1/mappings/suggest");
    }

    @Test
    void noAnswerOfTheseRoutesHoldsASandboxSecret() {
        String deadLetter = Long.toString(data.northwindDeadLetters.getFirst().id());
        List<String> bodies = new ArrayList<>();
        for (String path : List.of("/api/v1/runs?limit=1000", "/api/v1/runs/" + data.northwindRun.id(), "/api/v1/deadletters?limit=1000",
                "/api/v1/deadletters/" + deadLetter, "/api/v1/exchanges?limit=1000", "/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/state",
                "/api/v1/syncs/" + ApiFixture.CLASSIC_SYNC + "/state", "/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/mapping?tenant=globex",
                "/api/v1/connections/globex-crm/streams/contacts/schema", "/api/v1/openapi.json")) {
            HttpResponse<String> answer = api.get(path, api.admin());
            assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
            bodies.add(answer.body());
        }
        bodies.add(api.post("/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/dry-run", api.admin(), "{\"tenant\": \"northwind\", \"samples\": 100}").body());
        bodies.add(api.post("/api/v1/syncs/" + ApiFixture.TENANT_SYNC + "/mapping/preview", api.admin(), "{\"tenant\": \"northwind\"}").body());

        for (String secret : OperationsData.secrets(api)) {
            assertThat(bodies).allSatisfy(body -> assertThat(body).doesNotContain(secret));
        }
    }
}

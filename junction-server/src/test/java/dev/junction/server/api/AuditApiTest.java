package dev.junction.server.api;

import static dev.junction.server.api.Calls.YAML;
import static dev.junction.server.api.Calls.call;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.Role;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log: every mutating call, successful or not, recorded by the server's hook and read back page by page. */
class AuditApiTest {
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

    /** A new operator editor token: its id filters the log down to one test's calls. */
    private static String[] newEditor() {
        JsonNode token = api.body(api.post("/api/v1/tokens", api.admin(), "{\"role\":\"editor\"}"));
        return new String[] {token.path("id").asText(), token.path("secret").asText()};
    }

    @Test
    void recordsEachMutatingCallWithItsActorActionObjectAndOutcome() {
        String[] editor = newEditor();
        String path = "/api/v1/definitions/Connector/audit-probe";
        call(api, "PUT", path, editor[1], YAML, DefinitionsApiTest.connector("audit-probe", "/a"));
        call(api, "PUT", path, editor[1], YAML, DefinitionsApiTest.connector("audit-probe", "/b"), "If-Match", "\"9\"");
        call(api, "DELETE", path, editor[1], null, null);
        api.post("/api/v1/tokens", editor[1], "{\"role\":\"admin\"}");
        api.get("/api/v1/definitions", editor[1]);

        HttpResponse<String> answer = api.get("/api/v1/audit?actor=" + editor[0], api.admin());

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        JsonNode entries = api.body(answer).path("entries");
        assertThat(entries).extracting(e -> e.path("action").asText() + " " + e.path("objectType").asText() + "/" + e.path("objectId").asText(null)
                + " " + e.path("outcome").asText()).containsExactly(
                        "tokens.create tokens/null 403",
                        "definitions.delete Connector/audit-probe 204",
                        "definitions.put Connector/audit-probe 412",
                        "definitions.put Connector/audit-probe 201");
        JsonNode created = entries.get(3);
        assertThat(created.path("actor").asText()).isEqualTo(editor[0]);
        assertThat(created.path("at").asText()).endsWith("Z");
        assertThat(created.path("detail").path("method").asText()).isEqualTo("PUT");
        assertThat(created.path("detail").path("path").asText()).isEqualTo(path);
        assertThat(created.path("detail").path("version").asInt()).isEqualTo(1);
        assertThat(entries.get(2).path("detail").path("problem").asText()).isEqualTo("precondition-failed");
        assertThat(entries.get(0).path("detail").path("problem").asText()).isEqualTo("forbidden");
    }

    @Test
    void recordsATenantTokensRefusedCallWithItsTenant() {
        api.post("/api/v1/definitions/validate", api.tenant("globex", Role.EDITOR), "{\"files\":[]}");

        JsonNode entries = api.body(api.get("/api/v1/audit?tenant=globex&action=definitions.validate", api.admin())).path("entries");

        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.path("tenant").asText()).isEqualTo("globex");
            assertThat(e.path("outcome").asText()).isEqualTo("403");
        });
    }

    @Test
    void pagesNewestFirstWithTheCursorOfTheNextLink() {
        String[] editor = newEditor();
        for (int i = 1; i <= 5; i++) {
            call(api, "PUT", "/api/v1/definitions/Connector/page-" + i, editor[1], YAML, DefinitionsApiTest.connector("page-" + i, "/x"));
        }

        List<String> seen = new ArrayList<>();
        String next = "/api/v1/audit?actor=" + editor[0] + "&action=definitions.put&limit=2";
        int pages = 0;
        while (next != null) {
            HttpResponse<String> page = api.get(next, api.admin());
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = api.body(page);
            body.path("entries").forEach(e -> seen.add(e.path("objectId").asText()));
            next = body.path("next").isNull() ? null : body.path("next").asText();
            if (next != null) {
                assertThat(page.headers().firstValue("Link")).contains("<" + next + ">; rel=\"next\"");
                assertThat(next).startsWith(api.server.baseUrl().toString()).contains("limit=2", "action=definitions.put", "cursor=");
            }
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("page-5", "page-4", "page-3", "page-2", "page-1");
    }

    @Test
    void refusesBadQueryParametersWith400NamingEach() {
        HttpResponse<String> answer = api.get("/api/v1/audit?limit=0&from=yesterday&objectId=x&cursor=nonsense", api.admin());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(api.body(answer).path("errors")).extracting(e -> e.path("path").asText()).containsExactly("limit", "from", "objectId", "cursor");
    }

    @Test
    void onlyOperatorAdminsReadTheLog() {
        assertThat(api.get("/api/v1/audit", api.editor()).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit", api.tenant("northwind", Role.ADMIN)).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/audit", null).statusCode()).isEqualTo(401);
    }
}

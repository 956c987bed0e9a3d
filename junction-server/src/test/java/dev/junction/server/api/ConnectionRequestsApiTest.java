package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.engine.ConnectionRequests;
import dev.junction.engine.Role;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /api/v1/connections/{connection}/request} against the sandbox playing each tenant's CRM:
 * the connection's token sent and never shown, the API's answer passed on whatever its status, the
 * call in the exchange log under its logId, and who may send what.
 */
class ConnectionRequestsApiTest {
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

    @Test
    void aTenantsEditorReadsItsCrmThroughItsConnectionAndTheCallIsLogged() {
        String editor = api.tenant("globex", Role.EDITOR);

        HttpResponse<String> sent = api.post("/api/v1/connections/globex-crm/request", editor,
                "{\"method\": \"GET\", \"path\": \"/v1/owners\", \"query\": {\"limit\": \"2\"}, \"headers\": {\"Accept\": \"application/json\"}}");

        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        JsonNode answer = api.body(sent);
        assertThat(answer.path("status").asInt()).isEqualTo(200);
        assertThat(answer.path("body").path("results")).hasSize(2);
        assertThat(answer.path("headers").path("content-type").get(0).asText()).startsWith("application/json");
        assertThat(sent.body()).doesNotContain(api.globex.crm().token());
        String logId = answer.path("logId").asText();
        assertThat(logId).startsWith("request:");
        JsonNode logged = api.body(api.get("/api/v1/exchanges?run=" + logId, api.tenant("globex", Role.VIEWER)));
        assertThat(logged.toString()).contains("/v1/owners").doesNotContain(api.globex.crm().token());
    }

    @Test
    void theApisRefusalIsItsAnswerAndNothingCameBackIsA502() {
        JsonNode missing = api.body(api.post("/api/v1/connections/globex-crm/request", api.editor(),
                "{\"method\": \"GET\", \"path\": \"/v1/contacts/no-such-contact\"}"));
        assertThat(missing.path("status").asInt()).isEqualTo(404);

        HttpResponse<String> bad = api.post("/api/v1/connections/globex-crm/request", api.editor(),
                "{\"method\": \"GET\", \"path\": \"/../admin\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(api.body(bad).path("detail").asText()).contains("is not a path below the connector's base URL");
        HttpResponse<String> both = api.post("/api/v1/connections/globex-crm/request", api.editor(),
                "{\"method\": \"POST\", \"path\": \"/v1/contacts\", \"body\": {}, \"bodyText\": \"{}\"}");
        assertThat(both.statusCode()).isEqualTo(400);
        HttpResponse<String> credential = api.post("/api/v1/connections/globex-crm/request", api.editor(),
                "{\"method\": \"GET\", \"path\": \"/v1/owners\", \"headers\": {\"Authorization\": \"Bearer mine\"}}");
        assertThat(api.body(credential).path("detail").asText()).contains("Header 'Authorization' is the connection's");
    }

    @Test
    void aViewerMayNotSendAndAnotherTenantsConnectionIsNotFound() {
        String body = "{\"method\": \"GET\", \"path\": \"/v1/owners\"}";
        assertThat(api.post("/api/v1/connections/globex-crm/request", api.tenant("globex", Role.VIEWER), body).statusCode()).isEqualTo(403);
        assertThat(api.post("/api/v1/connections/globex-crm/request", api.tenant("northwind", Role.EDITOR), body).statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/connections/no-such/request", api.editor(), body).statusCode()).isEqualTo(404);
    }

    @Test
    void anAnswerIsJsonWhenItIsTextWhenItDecodesAndElseBase64() {
        byte[] binary = {(byte) 0x89, 'P', 'N', 'G', 0, (byte) 0xff};
        var json = ConnectionRequestsApi.render(new ConnectionRequests.Answer(200, Map.of("content-type", List.of("application/json")),
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "request:1"));
        var saidJson = ConnectionRequestsApi.render(new ConnectionRequests.Answer(502, Map.of("content-type", List.of("application/json")),
                "<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8), "request:2"));
        var png = ConnectionRequestsApi.render(new ConnectionRequests.Answer(200, Map.of("content-type", List.of("image/png")), binary, "request:3"));
        var empty = ConnectionRequestsApi.render(new ConnectionRequests.Answer(204, Map.of(), new byte[0], "request:4"));

        assertThat(json.body().path("a").asInt()).isEqualTo(1);
        assertThat(saidJson.body()).isNull();
        assertThat(saidJson.bodyText()).isEqualTo("<html>bad gateway</html>");
        assertThat(png.bodyBase64()).isEqualTo(java.util.Base64.getEncoder().encodeToString(binary));
        assertThat(empty.body()).isNull();
        assertThat(empty.bodyText()).isNull();
        assertThat(empty.bodyBase64()).isNull();
    }
}

package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.testing.RouteCoverage;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Routes that take a body as text (YAML, plain text) besides or instead of JSON: same limits, clear refusals. */
class TextBodiesTest {
    private final TestServer test = new TestServer(c -> c.withMaxRequestBytes(1024), b -> b);

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void handsADeclaredTextMediaTypeToTheHandlerAsText() {
        HttpResponse<String> answer = test.send("POST", "/api/v1/widgets/bulk", TestServer.EDITOR, "text/plain; charset=utf-8", "alpha\nbeta\n");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo("[\"alpha\",\"beta\"]");
        assertThat(test.notebook.widgets()).containsKeys("alpha", "beta");
    }

    @Test
    void stillParsesJsonIntoTheDeclaredTypeOnTheSameRoute() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets/bulk", TestServer.EDITOR, "{\"names\":[\"gamma\"]}");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(test.notebook.widgets()).containsKey("gamma");
    }

    @Test
    void refusesAnotherMediaTypeWith415ListingThoseTheRouteTakes() {
        HttpResponse<String> answer = test.send("POST", "/api/v1/widgets/bulk", TestServer.EDITOR, "application/xml", "<a/>");

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(test.body(answer).path("detail").asText()).isEqualTo("This route takes text/plain or application/json, not 'application/xml'.");
    }

    @Test
    void refusesABodyWithoutContentTypeWith415SayingWhatToSend() {
        HttpResponse<String> answer = test.send("POST", "/api/v1/widgets/bulk", TestServer.EDITOR, null, "alpha");

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(test.body(answer).path("detail").asText()).isEqualTo("This route takes text/plain or application/json: send 'Content-Type: text/plain'.");
    }

    @Test
    void refusesAnotherCharsetWith415() {
        HttpResponse<String> answer = test.send("POST", "/api/v1/widgets/bulk", TestServer.EDITOR, "text/plain; charset=iso-8859-1", "alpha");

        assertThat(answer.statusCode()).isEqualTo(415);
        assertThat(test.body(answer).path("detail").asText()).isEqualTo("text/plain bodies are UTF-8; this one says charset 'iso-8859-1'.");
    }

    @Test
    void refusesBytesThatAreNotUtf8With400SayingWhere() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(test.server.baseUrl() + "/api/v1/widgets/bulk"))
                .header("Authorization", "Bearer " + TestServer.EDITOR).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'a', 'b', (byte) 0xC3, '(', 'c'})).build();

        HttpResponse<String> answer = test.send(request);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(test.body(answer).path("detail").asText()).isEqualTo("The request body is not valid UTF-8 (at byte 2); send text/plain as UTF-8 text.");
    }

    @Test
    void refusesAnEmptyTextBodyWith400() {
        HttpResponse<String> answer = test.send("POST", "/api/v1/widgets/bulk", TestServer.EDITOR, "text/plain", "");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(test.body(answer).path("detail").asText()).isEqualTo("This route needs a body (text/plain); the request has none.");
    }

    @Test
    void holdsTextBodiesToTheSameSizeLimitAsJson() {
        HttpResponse<String> answer = test.send("POST", "/api/v1/widgets/bulk", TestServer.EDITOR, "text/plain", "x".repeat(2048));

        assertThat(answer.statusCode()).isEqualTo(413);
        assertThat(TestServer.contentType(answer)).isEqualTo("application/problem+json");
    }

    @Test
    void documentsEachMediaTypeTheRouteTakes() {
        JsonNode content = RouteCoverage.document(test.server, TestServer.VIEWER).path("paths").path("/api/v1/widgets/bulk").path("post")
                .path("requestBody").path("content");

        assertThat(content.fieldNames()).toIterable().containsExactly("text/plain", "application/json");
        assertThat(content.path("text/plain").path("schema").path("type").asText()).isEqualTo("string");
        assertThat(content.path("application/json").path("schema").path("$ref").asText()).isEqualTo("#/components/schemas/WidgetNames");
    }

    @Test
    void refusesATenantReadFromTheBodyOfARouteThatAlsoTakesText() {
        ApiModule odd = routes -> routes.post("/api/v1/odd", Guard.token(dev.junction.engine.Role.EDITOR, Scope.tenantFromBody(SampleApi.NewNote.class,
                SampleApi.NewNote::tenant))).operation("odd.create", "odd", "Odd").body(SampleApi.NewNote.class).textBody("text/plain").handle(ctx -> { });

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> JunctionServer.builder(ServerConfig.defaults()).module(odd).build())
                .hasMessage("route POST /api/v1/odd (odd.create) takes its tenant from its JSON body but also takes text bodies, which name no tenant");
    }
}

package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every error is problem+json with the right status and a detail that says what to do; never a stack trace. */
class ProblemsTest {
    private final TestServer test = new TestServer(c -> c.withMaxRequestBytes(4096), b -> b);

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void answersAnUnknownRouteWith404Problem() {
        HttpResponse<String> answer = test.get("/api/v1/nothing-here", TestServer.ADMIN);

        assertProblem(answer, 404, "tag:junction.dev,2026:problem:not-found",
                "No route answers GET /api/v1/nothing-here. The API is described at /api/v1/openapi.json.");
        assertThat(test.body(answer).path("instance").asText()).startsWith("urn:uuid:");
    }

    @Test
    void answersAWrongMethodWith405AndAllow() {
        HttpResponse<String> answer = test.send("PATCH", "/api/v1/widgets", TestServer.ADMIN, "application/json", "{}");

        assertProblem(answer, 405, "tag:junction.dev,2026:problem:method-not-allowed", "PATCH is not allowed on /api/v1/widgets; allowed: GET, POST, HEAD.");
        assertThat(answer.headers().firstValue("Allow")).contains("GET, POST, HEAD");
    }

    @Test
    void answersMalformedJsonWithWhereItBroke() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.ADMIN, "{\n  \"name\": \"w\",\n  \"size\": }");

        assertProblem(answer, 400, "tag:junction.dev,2026:problem:bad-request",
                "The request body is not acceptable: not valid JSON: Unexpected character ('}'): expected a value (line 3, column 11).");
        JsonNode error = test.body(answer).path("errors").get(0);
        assertThat(error.path("line").asInt()).isEqualTo(3);
        assertThat(error.path("column").asInt()).isEqualTo(11);
    }

    @Test
    void answersAnUnknownFieldNamingItAndTheKnownOnes() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.ADMIN, "{\"name\":\"w\",\"colour\":\"red\"}");

        assertProblem(answer, 400, "tag:junction.dev,2026:problem:bad-request",
                "The request body is not acceptable: unknown field 'colour' at $; known fields: name, size, tags (line 1, column 28).");
        assertThat(test.body(answer).path("errors").get(0).path("path").asText()).isEqualTo("$.colour");
    }

    @Test
    void answersAWrongTypeWithThePathAndTheExpectedType() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.ADMIN, "{\"name\":\"w\",\"tags\":[\"a\", 7]}");

        assertProblem(answer, 400, "tag:junction.dev,2026:problem:bad-request",
                "The request body is not acceptable: $.tags[1]: expected a string, got 7 (line 1, column 26).");
    }

    @Test
    void refusesAStringWhereANumberBelongs() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.ADMIN, "{\"name\":\"w\",\"size\":\"12\"}");

        assertThat(test.body(answer).path("detail").asText()).startsWith("The request body is not acceptable: $.size: expected an integer");
    }

    @Test
    void answersAMissingRequiredFieldByName() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.ADMIN, "{\"size\":3}");

        assertThat(test.body(answer).path("detail").asText()).startsWith("The request body is not acceptable: missing required field 'name' at $");
    }

    @Test
    void answersAMissingPrimitiveFieldAsRequiredAndAnExplicitNullAsTheWrongType() {
        HttpResponse<String> missing = test.postJson("/api/v1/notes", TestServer.ADMIN, "{\"text\":\"x\"}");
        HttpResponse<String> nulled = test.postJson("/api/v1/notes", TestServer.ADMIN, "{\"text\":\"x\",\"priority\":null}");

        assertThat(test.body(missing).path("detail").asText()).startsWith("The request body is not acceptable: missing required field 'priority' at $");
        assertThat(test.body(nulled).path("detail").asText()).startsWith("The request body is not acceptable: $.priority: expected an integer, got null");
    }

    @Test
    void answersARecordsOwnCheckWithItsMessage() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.ADMIN, "{\"name\":\" \"}");

        assertThat(test.body(answer).path("detail").asText()).startsWith("The request body is not acceptable: $: name must not be blank");
    }

    @Test
    void answersAnArrayWhereAnObjectBelongs() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.ADMIN, "[1,2]");

        assertThat(test.body(answer).path("detail").asText()).startsWith("The request body is not acceptable: the body: expected an object, got an array");
    }

    @Test
    void answersAJsonNullBodyWith400() {
        assertProblem(test.postJson("/api/v1/widgets", TestServer.ADMIN, "null"), 400, "tag:junction.dev,2026:problem:bad-request",
                "The request body is JSON null; this route needs a JSON object.");
    }

    @Test
    void answersTwoJsonValuesInOneBody() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.ADMIN, "{\"name\":\"w\"} {}");

        assertThat(test.body(answer).path("detail").asText())
                .startsWith("The request body is not acceptable: more content follows the JSON value; send exactly one JSON value");
    }

    @Test
    void answersAnEmptyBodyWith400() {
        assertProblem(test.postJson("/api/v1/widgets", TestServer.ADMIN, ""), 400, "tag:junction.dev,2026:problem:bad-request",
                "This route needs a JSON body; the request has none.");
    }

    @Test
    void answersAMissingOrWrongContentTypeWith415() {
        assertProblem(test.send("POST", "/api/v1/widgets", TestServer.ADMIN, null, "{\"name\":\"w\"}"), 415,
                "tag:junction.dev,2026:problem:unsupported-media-type", "This route takes JSON: send 'Content-Type: application/json'.");
        assertProblem(test.send("POST", "/api/v1/widgets", TestServer.ADMIN, "text/plain", "{\"name\":\"w\"}"), 415,
                "tag:junction.dev,2026:problem:unsupported-media-type", "This route takes JSON (application/json), not 'text/plain'.");
        assertThat(test.send("POST", "/api/v1/widgets", TestServer.ADMIN, "application/json; charset=ISO-8859-1", "{\"name\":\"w\"}").statusCode()).isEqualTo(415);
        assertThat(test.send("POST", "/api/v1/widgets", TestServer.ADMIN, "application/merge-patch+json; charset=utf-8", "{\"name\":\"w\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void answersABodyOverTheLimitWith413() {
        HttpResponse<String> answer = test.postJson("/api/v1/widgets", TestServer.ADMIN, "{\"name\":\"" + "x".repeat(5000) + "\"}");

        assertProblem(answer, 413, "tag:junction.dev,2026:problem:payload-too-large",
                "The request body is larger than this server accepts (4 KiB); send a smaller one, or raise maxRequestBody (JUNCTION_MAX_REQUEST_BODY).");
    }

    @Test
    void answersAChunkedBodyOverTheLimitWith413() {
        byte[] big = ("{\"name\":\"" + "x".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create(test.server.baseUrl() + "/api/v1/widgets"))
                .header("Authorization", "Bearer " + TestServer.ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();

        assertThat(test.send(request).statusCode()).isEqualTo(413);
    }

    @Test
    void answersInvalidUtf8With400() {
        HttpRequest request = HttpRequest.newBuilder(URI.create(test.server.baseUrl() + "/api/v1/widgets"))
                .header("Authorization", "Bearer " + TestServer.ADMIN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'})).build();

        assertProblem(test.send(request), 400, "tag:junction.dev,2026:problem:bad-request",
                "The request body is not valid UTF-8; JSON bodies are UTF-8 text.");
    }

    @Test
    void answersAnUnexpectedFailureWithAGeneric500AndAnErrorId() {
        HttpResponse<String> answer = test.get("/api/v1/failures/bug", TestServer.VIEWER);

        JsonNode body = test.body(answer);
        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(TestServer.contentType(answer)).isEqualTo("application/problem+json");
        String id = body.path("instance").asText().substring("urn:uuid:".length());
        assertThat(body.path("detail").asText()).isEqualTo("The server failed to answer this request. Report error id " + id + " to the operator; it is in the server's log.");
        assertThat(answer.body()).doesNotContain("IllegalStateException", "hunter2", "jdbc", "secret", "at dev.");
    }

    @Test
    void answersAStoreOutageWith503AndRetryAfter() {
        HttpResponse<String> answer = test.get("/api/v1/failures/store", TestServer.VIEWER);

        assertProblem(answer, 503, "tag:junction.dev,2026:problem:service-unavailable",
                "The store cannot be reached right now; retry after the time in Retry-After.");
        assertThat(answer.headers().firstValue("Retry-After")).contains("5");
        assertThat(answer.body()).doesNotContain("jdbc", "refused");
    }

    @Test
    void answersAnErrorStatusSetWithoutABodyAsAProblem() {
        HttpResponse<String> answer = test.get("/api/v1/failures/bare", TestServer.VIEWER);

        assertProblem(answer, 418, "tag:junction.dev,2026:problem:http-418", "The request failed with status 418.");
    }

    @Test
    void answersJettysOwnErrorsAsProblemsToo() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", test.server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 431").contains("Content-Type: application/problem+json").contains("\"status\":431")
                    .doesNotContain("<html");
        }
    }

    private void assertProblem(HttpResponse<String> answer, int status, String type, String detail) {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(TestServer.contentType(answer)).isEqualTo("application/problem+json");
        JsonNode body = test.body(answer);
        assertThat(body.path("type").asText()).isEqualTo(type);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asText()).isNotBlank();
        assertThat(body.path("detail").asText()).isEqualTo(detail);
    }
}

package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A connection made over the API with its own rateLimit (and the other blocks): written into its definition, a bad value a 400 naming it. */
class ConnectionLimitsApiTest {
    @TempDir
    Path dataDir;
    ApiFixture api;

    @BeforeEach
    void start() {
        api = ApiFixture.start(dataDir);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aConnectionsOwnRateLimitIsWrittenIntoItsDefinitionAndABadOneIsAProblem() {
        String body = "{\"connector\": \"acme-crm\", \"name\": \"plan-crm\", \"tenant\": \"acme\", \"config\": {\"baseUrl\": \"http://127.0.0.1:9\"},"
                + " \"secrets\": {\"token\": \"t-1\"}, \"rateLimit\": {\"requests\": 7, \"per\": \"1s\"}, \"exchangeLog\": {\"bodies\": \"headers\"}}";

        HttpResponse<String> made = api.post("/api/v1/connections", api.editor(), body);

        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        String source = api.body(api.get("/api/v1/definitions/Connection/plan-crm", api.viewer())).toString();
        assertThat(source).contains("rateLimit:", "requests:", "exchangeLog:", "bodies: \\\"headers\\\"");

        HttpResponse<String> bad = api.send(HttpRequest.newBuilder(api.uri("/api/v1/connections/plan-crm")).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"timeouts\": {\"read\": \"fast\"}}")), api.editor());
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(api.body(bad).at("/detail").asText()).contains("timeouts.read: expected a duration");
    }
}

package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.store.RunCounters;
import dev.junction.store.RunStatus;
import dev.junction.store.jdbc.JdbcStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JunctionServerTest {
    private final ObjectMapper json = new ObjectMapper();
    private JdbcStore store;
    private JunctionServer server;
    private HttpClient http;

    @BeforeEach
    void start() {
        store = JdbcStore.h2InMemory("server-test");
        server = new JunctionServer(store, json, "127.0.0.1", 0).start();
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        http.close();
        server.close();
        store.close();
    }

    @Test
    void answersHealthWhenTheStoreIsReadable() throws Exception {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json.readTree(response.body()).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void listsRunsNewestFirstWithCounters() throws Exception {
        store.runs().start("r1", "s", "cli", Instant.parse("2026-01-01T00:00:00Z"));
        store.runs().finish("r1", RunStatus.SUCCEEDED, new RunCounters(3, 2, 1, 0, 0, 0, 0, 0), null, Instant.parse("2026-01-01T00:00:01Z"));
        store.runs().start("r2", "s", "cli", Instant.parse("2026-01-02T00:00:00Z"));

        JsonNode runs = json.readTree(get("/api/runs?sync=s").body());

        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).path("id").asText()).isEqualTo("r2");
        assertThat(runs.get(1).path("counters").path("inserted").asLong()).isEqualTo(2);
    }

    @Test
    void listsOneTenantsRunsOfAPerTenantSyncWithTheirTenant() throws Exception {
        store.runs().start("r1", "s", "acme", "cli", Instant.parse("2026-01-01T00:00:00Z"));
        store.runs().start("r2", "s", "globex", "cli", Instant.parse("2026-01-02T00:00:00Z"));

        JsonNode runs = json.readTree(get("/api/runs?sync=s&tenant=acme").body());

        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).path("tenant").asText()).isEqualTo("acme");
        assertThat(json.readTree(get("/api/runs?sync=s").body()).findValuesAsText("tenant")).containsExactly("globex", "acme");
    }

    @Test
    void refusesABadLimitWithAClearMessage() throws Exception {
        HttpResponse<String> response = get("/api/runs?limit=lots");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("limit must be a whole number from 1 to 1000, got 'lots'");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.junction.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.engine.Engine;
import dev.junction.engine.EngineConfig;
import dev.junction.engine.Role;
import dev.junction.server.EngineApi;
import dev.junction.server.JunctionServer;
import dev.junction.server.ServerConfig;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API reference kept in docs/api/openapi.json is the document the server serves (without its
 * {@code servers}, which name wherever it runs). When a route changes, this test fails until the copy
 * is written again: {@code ./mvnw -pl junction-server -am verify -Dtest=ApiReferenceTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djunction.writeApiReference=true}.
 */
class ApiReferenceTest {
    private static final Path REFERENCE = Path.of("..", "docs", "api", "openapi.json");
    private static final Path INDEX = Path.of("..", "docs", "api", "README.md");

    @TempDir
    Path dataDir;

    /** Every operation by tag: method, path, who may call it, summary. */
    private static String index(JsonNode doc) {
        java.util.TreeMap<String, StringBuilder> byTag = new java.util.TreeMap<>();
        doc.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            JsonNode o = op.getValue();
            if (op.getKey().equals("head")) {
                return;
            }
            JsonNode guard = o.path("x-junction-guard");
            String who = guard.path("kind").asText().equals("token")
                    ? guard.path("minimumRole").asText() + ", " + guard.path("scope").asText() : guard.path("kind").asText();
            byTag.computeIfAbsent(o.path("tags").path(0).asText("other"), t -> new StringBuilder())
                    .append("| `").append(op.getKey().toUpperCase(java.util.Locale.ROOT)).append(' ').append(path.getKey()).append("` | `")
                    .append(o.path("operationId").asText()).append("` | ").append(who).append(" | ")
                    .append(o.path("summary").asText().replace("|", "\\|")).append(" |\n");
        }));
        StringBuilder md = new StringBuilder("""
                # REST API reference

                Generated from the OpenAPI 3.1 document the server serves at `/api/v1/openapi.json`; the full
                document (parameters, bodies, answers, problems) is [openapi.json](openapi.json). A test keeps both
                files equal to what the server serves. How to use the API: [../server.md](../server.md). "Who"
                is the least role a token needs and how the route finds the tenant it touches (`global`: any
                token reads, operator tokens write; `operator`: tokens of no tenant only; `tenant-...`: a tenant
                token only for its own tenant's objects).

                """);
        byTag.forEach((tag, rows) -> md.append("## ").append(tag).append("\n\n| route | operation | who | what |\n|---|---|---|---|\n")
                .append(rows).append('\n'));
        return md.toString().strip() + "\n";
    }

    @Test
    void theDocumentedApiIsTheServedOne() throws Exception {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        String served;
        try (Engine engine = Engine.open(EngineConfig.embedded(dataDir, Map.<String, String>of()::get))) {
            String token = engine.tokens().create(Role.VIEWER, null, "docs", null, "local:test").secret();
            JunctionServer server = EngineApi.builder(ServerConfig.defaults().withPort(0), engine).build().start();
            try {
                HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.baseUrl().resolve("/api/v1/openapi.json"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                JsonNode doc = json.readTree(response.body());
                ((ObjectNode) doc).remove("servers");
                served = json.writeValueAsString(json.treeToValue(doc, Object.class)) + "\n";
            } finally {
                server.stop(Duration.ofSeconds(1));
            }
        }
        String index = index(json.readTree(served));
        if (Boolean.getBoolean("junction.writeApiReference") || !Files.exists(REFERENCE) || !Files.exists(INDEX)) {
            Files.createDirectories(REFERENCE.getParent());
            Files.writeString(REFERENCE, served);
            Files.writeString(INDEX, index);
        }
        assertThat(Files.readString(REFERENCE)).as("docs/api/openapi.json is out of date; write it again with -Djunction.writeApiReference=true"
                + " (see this test's comment)").isEqualTo(served);
        assertThat(Files.readString(INDEX)).as("docs/api/README.md is out of date; write it again with -Djunction.writeApiReference=true")
                .isEqualTo(index);
    }
}

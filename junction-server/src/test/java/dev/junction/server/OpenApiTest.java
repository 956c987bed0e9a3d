package dev.junction.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.server.testing.RouteCoverage;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The OpenAPI 3.1 document: valid, and it lists every route the router serves. */
class OpenApiTest {
    @Test
    void isAValidOpenApi31DocumentWithoutParserMessages() {
        try (TestServer test = new TestServer(c -> c.withPublicBaseUrl(URI.create("https://junction.example.com/")), b -> b.version("1.2.3"))) {
            String document = test.get("/api/v1/openapi.json", TestServer.VIEWER).body();
            ParseOptions options = new ParseOptions();
            options.setResolve(true);

            SwaggerParseResult result = new OpenAPIParser().readContents(document, null, options);

            assertThat(result.getMessages()).isEmpty();
            OpenAPI api = result.getOpenAPI();
            assertThat(api.getOpenapi()).isEqualTo("3.1.0");
            assertThat(api.getInfo().getVersion()).isEqualTo("1.2.3");
            assertThat(api.getServers().get(0).getUrl()).isEqualTo("https://junction.example.com");
            assertThat(api.getComponents().getSecuritySchemes().get("bearerToken").getScheme()).isEqualTo("bearer");
        }
    }

    @Test
    void documentsEveryRouteTheRouterServesTheDocumentAndHealthIncluded() {
        try (TestServer test = new TestServer()) {
            assertThat(RouteCoverage.undocumented(test.server, TestServer.VIEWER)).isEmpty();
            JsonNode paths = RouteCoverage.document(test.server, TestServer.VIEWER).path("paths");
            assertThat(paths.has("/api/v1/openapi.json")).isTrue();
            assertThat(paths.path("/health/ready").path("get").path("security")).isEmpty();
        }
    }

    @Test
    void reportsARouteAddedToJavalinDirectlyAsUndocumented() {
        try (TestServer test = new TestServer(c -> c, b -> b.customizeJavalin(cfg -> cfg.routes.delete("/api/v1/sneaky/{id}", ctx -> ctx.status(204))))) {
            assertThat(RouteCoverage.undocumented(test.server, TestServer.VIEWER)).containsExactly("DELETE /api/v1/sneaky/{id}");
        }
    }

    @Test
    void describesAnOperationFromItsDeclarationAndGuard() {
        try (TestServer test = new TestServer()) {
            JsonNode doc = RouteCoverage.document(test.server, TestServer.VIEWER);
            JsonNode put = doc.path("paths").path("/api/v1/notes/{id}").path("put");

            assertThat(put.path("operationId").asText()).isEqualTo("replaceNote");
            assertThat(put.path("tags").get(0).asText()).isEqualTo("notes");
            assertThat(put.path("parameters").get(0).path("name").asText()).isEqualTo("id");
            assertThat(put.path("parameters").get(0).path("in").asText()).isEqualTo("path");
            assertThat(put.path("requestBody").path("content").path("application/json").path("schema").path("$ref").asText())
                    .isEqualTo("#/components/schemas/NoteUpdate");
            assertThat(put.path("responses").fieldNames()).toIterable().containsExactly("200", "400", "401", "403", "404", "413", "415", "503", "default");
            assertThat(put.path("security").get(0).has("bearerToken")).isTrue();
            assertThat(put.path("x-junction-guard").path("minimumRole").asText()).isEqualTo("editor");
            assertThat(put.path("x-junction-guard").path("scope").asText()).isEqualTo("tenant-of-object");
            JsonNode newNote = doc.path("components").path("schemas").path("NewNote");
            assertThat(newNote.path("required")).extracting(JsonNode::asText).containsExactly("text", "priority");
            assertThat(newNote.path("properties").path("labels").path("additionalProperties").path("type").asText()).isEqualTo("string");
            assertThat(newNote.path("additionalProperties").asBoolean(true)).isFalse();
            assertThat(doc.path("paths").path("/api/v1/notes").path("get").path("parameters").get(0).path("name").asText()).isEqualTo("tenant");
        }
    }
}

package dev.junction.server.api.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A flow's schemas moved into its document keep their local references working. */
class FlowOpenApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void localReferencesOfAFlowSchemaPointIntoItsComponent() throws Exception {
        var schema = JSON.readTree("""
                {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                 "properties": {"line": {"$ref": "#/$defs/line"}, "other": {"$ref": "https://example.com/x.json"}},
                 "$defs": {"line": {"type": "object"}}}
                """);

        var moved = FlowOpenApi.relocated(schema, "Input");

        assertThat(moved.path("properties").path("line").path("$ref").asText()).isEqualTo("#/components/schemas/Input/$defs/line");
        assertThat(moved.path("properties").path("other").path("$ref").asText()).isEqualTo("https://example.com/x.json");
        assertThat(moved.has("$schema")).isFalse();
        assertThat(schema.path("properties").path("line").path("$ref").asText()).as("the flow's own schema is not changed").isEqualTo("#/$defs/line");
        assertThat(FlowOpenApi.operationId("deal-to-order")).isEqualTo("runDealToOrder");
    }
}

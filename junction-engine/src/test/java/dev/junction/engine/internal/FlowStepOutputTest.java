package dev.junction.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** A step's output as its row keeps it: secrets by name redacted, the size capped, still JSON. */
class FlowStepOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void valuesUnderSecretNamesAndCredentialsInTextAreRedacted() throws Exception {
        String stored = FlowStepRows.stored(JSON.readTree("""
                {"id": "c1", "apiKey": "k-123456", "nested": {"password": {"a": 1}}, "note": "Authorization: Bearer abcdef123456",
                 "items": [{"access_token": "tok-99999"}]}"""));

        assertThat(JSON.readTree(stored)).isEqualTo(JSON.readTree("""
                {"id": "c1", "apiKey": "[redacted]", "nested": {"password": "[redacted]"}, "note": "Authorization: Bearer [redacted]",
                 "items": [{"access_token": "[redacted]"}]}"""));
    }

    @Test
    void aLongStringIsShortenedAndALargeOutputIsCappedStayingJson() throws Exception {
        String big = "x".repeat(FlowStepRows.MAX_STORED_OUTPUT * 2);
        String oneString = FlowStepRows.stored(JSON.createObjectNode().put("text", big));
        assertThat(JSON.readTree(oneString).path("text").asText()).startsWith("x".repeat(FlowStepRows.MAX_STORED_STRING) + "...[")
                .endsWith(" more characters]");
        String longWithCredentials = FlowStepRows.stored(JSON.createObjectNode().put("log", "z".repeat(1000) + " Authorization: Bearer abcdef123456"));
        assertThat(JSON.readTree(longWithCredentials).path("log").asText()).endsWith("Authorization: Bearer [redacted]");

        com.fasterxml.jackson.databind.node.ArrayNode many = JSON.createArrayNode();
        for (int i = 0; i < 100; i++) {
            many.add("y".repeat(FlowStepRows.MAX_STORED_STRING));
        }
        String stored = FlowStepRows.stored(many);
        assertThat(stored.length()).isLessThanOrEqualTo(FlowStepRows.MAX_STORED_OUTPUT);
        assertThat(JSON.readTree(stored).path("truncated").asBoolean()).isTrue();
        assertThat(FlowStepRows.stored(null)).isNull();
    }
}
